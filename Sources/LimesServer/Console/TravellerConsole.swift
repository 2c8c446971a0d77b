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
        guard let history = try await store.crossings.travellerHistory(id: id, reads: user.reads) else {
            throw APIError.notFound("no traveller \(id)", field: "id")
        }
        try await store.audit.record([AuditEntry(actor: user.id, action: "read", recordType: "traveller", recordID: id, purpose: "traveller history")]
        )
        let views = ConsoleViews(renderer: renderer, context: context)
        let model = TravellerPage(
            traveller: views.traveller(history.traveller, reads: user.reads),
            documents: history.documents.map {
                .init(code: $0.code, issuer: $0.issuer, number: $0.number, expiry: views.format.date(iso: $0.expiry))
            },
            crossings: views.crossings(history.crossings.reversed(), reads: user.reads),
            hasCrossings: !history.crossings.isEmpty,
            hits: views.hits(history.hits),
            hasHits: !history.hits.isEmpty,
            reads: ReadsView(user.reads)
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
        var reads: ReadsView
    }

    /// What the page may show, from the reader's mandate: the template leaves out the columns
    /// and sections it does not read (the store did not read them either).
    struct ReadsView: Encodable {
        var documents, crossings, hits: Bool
        var documentType, documentIssuer, documentNumber, documentExpiry: Bool
        var time, place, direction, decision, stay: Bool
        var hitAlert, hitMatch, hitResolution: Bool

        init(_ mandate: Mandate) {
            documents = mandate.reads(.documents)
            crossings = mandate.reads(.crossings)
            hits = mandate.reads(.hits)
            documentType = mandate.reads(.documents, "type")
            documentIssuer = mandate.reads(.documents, "issuer")
            documentNumber = mandate.reads(.documents, "number")
            documentExpiry = mandate.reads(.documents, "expiry")
            time = mandate.reads(.crossings, "time")
            place = mandate.reads(.crossings, "place")
            direction = mandate.reads(.crossings, "direction")
            decision = mandate.reads(.crossings, "decision")
            stay = mandate.reads(.crossings, "stay")
            hitAlert = mandate.reads(.hits, "alert")
            hitMatch = mandate.reads(.hits, "match")
            hitResolution = mandate.reads(.hits, "resolution")
        }
    }
}
