import Foundation
import HTTPTypes
import Hummingbird
import LimesCore
import LimesStore

/// First line: checks, and the decisions that make them crossings.
struct CheckController {
    let store: Store
    let service: CheckService

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.post("checks", use: createCheck)
        group.get("checks/{id}", use: showCheck)
        group.post("crossings", use: createCrossing)
    }

    @Sendable func createCheck(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.checkTravellers)
        var request = request
        let body = try await request.decodeJSON(as: CheckRequest.self, context: context)
        return try .json(try await service.check(body, user: user), status: .created)
    }

    @Sendable func showCheck(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.checkTravellers)
        let id = try context.parameters.require("id")
        guard let check = try await store.crossings.check(id: id) else { throw APIError.notFound("no check \(id)", field: "id") }
        try user.requireBCP(check.bcp)
        try await store.audit.record([
            AuditEntry(actor: user.id, action: "read", recordType: "check", recordID: id, purpose: purpose(request, "review of a check"))
        ])
        return try .json(API.of(check))
    }

    @Sendable func createCrossing(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.recordCrossings)
        var request = request
        let key = request.headers[HTTPField.Name("Idempotency-Key")!]
        if let key, key.isEmpty || key.count > 200 {
            throw APIError.invalid("Idempotency-Key", "must be 1 to 200 characters")
        }
        let body = try await request.decodeJSON(as: CrossingRequest.self, context: context)
        guard let decision = Decision(rawValue: body.decision) else {
            throw APIError.invalid("decision", "'\(body.decision)' is not a decision; use admit, refer or refuse")
        }
        let flag = try body.protectionFlag.map {
            try newProtectionFlag(kind: $0.kind, note: $0.note, field: "protectionFlag.kind")
        }
        if flag != nil { _ = try context.require(.raiseProtectionFlags) }
        let new = NewDecision(
            checkID: body.checkId,
            stage: .first,
            decision: decision,
            ground: body.ground,
            note: body.note,
            officerID: user.id,
            decidedAt: service.now(),
            idempotencyKey: key,
            requestHash: digest([
                body.checkId, body.decision, body.ground ?? "", body.note ?? "", flag?.kind.rawValue ?? "", flag?.note ?? "",
            ]),
            protectionFlag: flag
        )
        return try await record(new, user: user)
    }

    /// Records a decision; a retry with the same key answers with the first record.
    func record(_ decision: NewDecision, user: User) async throws -> Response {
        let (crossing, replayed) = try await service.decide(decision, user: user)
        return try .json(API.of(crossing), status: .created, headers: replayed ? [HTTPField.Name("Idempotent-Replayed")!: "true"] : [:])
    }
}

/// A digest of a request's content, to tell a retry from a different request with the same key.
func digest(_ parts: [String]) -> String {
    Digest.sha256(parts.joined(separator: "\u{1F}"))
}

/// The purpose a reader gives (`?purpose=`), or the route's own.
func purpose(_ request: Request, _ fallback: String) -> String {
    let given = request.uri.queryParameters.get("purpose")?.trimmingCharacters(in: .whitespaces) ?? ""
    return given.isEmpty ? fallback : String(given.prefix(200))
}
