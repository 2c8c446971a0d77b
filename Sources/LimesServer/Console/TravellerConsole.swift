import Hummingbird
import LimesCore
import LimesStore

/// A traveller's record: crossings, decisions, hits and how they were resolved.
struct TravellerConsole {
    let store: Store
    let renderer: ConsoleRenderer

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("travellers/{id}", use: history)
    }

    @Sendable func history(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.readTravellers)
        let id = try context.parameters.require("id")
        // Officers at posts reach only the travellers checked or registered at their BCPs.
        try await store.crossings.requireReach(user.reach, travellerID: id)
        guard let history = try await store.crossings.travellerHistory(id: id) else { throw APIError.notFound("no traveller \(id)", field: "id") }
        try await store.audit.record([AuditEntry(actor: user.id, action: "read", recordType: "traveller", recordID: id, purpose: "traveller history")]
        )
        let views = ConsoleViews(renderer: renderer, context: context)
        let model = TravellerPage(
            traveller: views.traveller(history.traveller),
            documents: history.documents.map {
                .init(code: $0.code, issuer: $0.issuer, number: $0.number, expiry: views.format.date(iso: $0.expiry))
            },
            crossings: views.crossings(history.crossings.reversed()),
            hasCrossings: !history.crossings.isEmpty,
            hits: views.hits(history.hits),
            hasHits: !history.hits.isEmpty
        )
        return try renderer.page("traveller", title: "traveller.title", model: model, context: context)
    }

    /// `traveller.mustache`.
    struct TravellerPage: Encodable {

        var traveller: TravellerView
        var documents: [DocumentView]
        var crossings: [CrossingView]
        var hasCrossings: Bool
        var hits: [HitView]
        var hasHits: Bool
    }
}
