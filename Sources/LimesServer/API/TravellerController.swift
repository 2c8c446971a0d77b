import Hummingbird
import LimesCore
import LimesStore

/// A traveller's record, and the travellers whose stay is over.
struct TravellerController {
    let store: Store
    let service: CheckService

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("travellers/{id}", use: history)
        group.get("overstayers", use: overstayers)
    }

    @Sendable func history(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.readTravellers)
        let id = try context.parameters.require("id")
        // Officers at posts reach only the travellers checked or registered at their BCPs.
        try await store.crossings.requireReach(user.reach, travellerID: id)
        guard let history = try await store.crossings.travellerHistory(id: id, reads: user.reads) else {
            throw APIError.notFound("no traveller \(id)", field: "id")
        }
        try await store.audit.record([
            AuditEntry(actor: user.id, action: "read", recordType: "traveller", recordID: id, purpose: purpose(request, "traveller history"))
        ])
        return try .json(API.of(history))
    }

    @Sendable func overstayers(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.readOverstayers)
        let list = try await store.crossings.overstayers(today: service.today, reads: user.reads)
        let why = purpose(request, "overstay follow-up")
        try await store.audit.record(
            list.map { AuditEntry(actor: user.id, action: "read", recordType: "traveller", recordID: $0.traveller.id, purpose: why) }
        )
        return try .json(list.map { API.Overstayer($0, reads: user.reads) })
    }
}
