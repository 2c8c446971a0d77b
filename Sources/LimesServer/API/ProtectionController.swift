import Hummingbird
import LimesCore
import LimesStore

/// Protection flags and the safeguard on refusals. Any officer may raise a flag; only
/// protection officers and supervisors read what it says; only a supervisor lets a refusal of
/// a flagged child, victim of trafficking or asylum seeker go ahead.
struct ProtectionController {
    let store: Store

    struct FlagRequest: Decodable {
        var kind: String
        var stage: String?
        var checkId: String?
        var note: String?
    }

    struct ReviewRequest: Decodable {
        var reasons: String
    }

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.post("travellers/{id}/protection-flags", use: raise)
        group.get("travellers/{id}/protection-flags", use: list)
        group.post("checks/{id}/safeguard-review", use: review)
    }

    @Sendable func raise(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.raiseProtectionFlags)
        let id = try context.parameters.require("id")
        var request = request
        let body = try await request.decodeJSON(as: FlagRequest.self, context: context)
        let flag = try await raiseFlag(
            travellerID: id,
            kind: body.kind,
            stage: body.stage ?? "later",
            checkID: body.checkId,
            note: body.note,
            user: user
        )
        return try .json(flag, status: .created)
    }

    func raiseFlag(travellerID: String, kind text: String, stage: String, checkID: String?, note: String?, user: User) async throws -> ProtectionFlag
    {
        guard let kind = ProtectionKind(rawValue: text) else {
            throw APIError.invalid(
                "kind",
                "'\(text)' is not a protection kind; use \(ProtectionKind.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        do {
            return try await store.raiseProtectionFlag(
                travellerID: travellerID,
                kind: kind,
                stage: stage,
                checkID: checkID,
                note: note,
                actor: user.id
            )
        } catch let error as StoreError {
            throw APIError(error)
        }
    }

    @Sendable func list(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.readProtectionDetails)
        let id = try context.parameters.require("id")
        let flags = try await store.protectionFlags(travellerID: id)
        try await store.audit([
            AuditEntry(
                actor: user.id,
                action: "read",
                recordType: "protection_flags",
                recordID: id,
                purpose: purpose(request, "protection follow-up")
            )
        ])
        return try .json(flags)
    }

    @Sendable func review(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.reviewSafeguards)
        let id = try context.parameters.require("id")
        var request = request
        let body = try await request.decodeJSON(as: ReviewRequest.self, context: context)
        return try .json(try await recordReview(checkID: id, reasons: body.reasons, user: user), status: .created)
    }

    func recordReview(checkID: String, reasons: String, user: User) async throws -> SafeguardReview {
        guard let check = try await store.check(id: checkID) else { throw APIError.notFound("no check \(checkID)", field: "id") }
        try user.requireBCP(check.bcp)
        do {
            return try await store.recordSafeguardReview(checkID: checkID, reasons: reasons, reviewer: user.id)
        } catch let error as StoreError {
            throw APIError(error)
        }
    }
}
