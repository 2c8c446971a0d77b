import HTTPTypes
import Hummingbird
import LimesCore
import LimesStore

/// Second line: the queue of referred travellers, their hits, and the decision.
struct SecondLineController {
    let store: Store
    let service: CheckService
    let checks: CheckController

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("second-line/cases", use: queue)
        group.get("second-line/cases/{id}", use: showCase)
        group.post("second-line/cases/{id}/decision", use: decide)
        group.post("hits/{id}/resolution", use: resolveHit)
    }

    @Sendable func queue(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.workSecondLine)
        var bcps = user.bcps
        if let only = request.uri.queryParameters.get("bcp") {
            try user.requireBCP(only)
            bcps = [only]
        }
        let cases = try await store.secondLine.secondLineQueue(bcps: bcps)
        let why = purpose(request, "second-line queue")
        try await store.audit.record(cases.map { AuditEntry(actor: user.id, action: "read", recordType: "case", recordID: $0.id, purpose: why) })
        return try .json(API.of(cases))
    }

    struct CaseDetail: APIBody {
        var `case`: API.Case
        var check: API.Check
    }

    @Sendable func showCase(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.workSecondLine)
        let id = try context.parameters.require("id")
        guard let found = try await store.secondLine.secondLineCase(id: id), let check = try await store.crossings.check(id: found.checkID) else {
            throw APIError.notFound("no second-line case \(id)", field: "id")
        }
        try user.requireBCP(found.bcp)
        try await store.audit.record([
            AuditEntry(actor: user.id, action: "read", recordType: "case", recordID: id, purpose: purpose(request, "second-line examination"))
        ])
        return try .json(CaseDetail(case: API.of(found), check: API.of(check)))
    }

    @Sendable func decide(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.workSecondLine)
        let id = try context.parameters.require("id")
        var request = request
        let key = request.headers[HTTPField.Name("Idempotency-Key")!]
        let body = try await request.decodeJSON(as: CaseDecisionRequest.self, context: context)
        guard let decision = Decision(rawValue: body.decision) else {
            throw APIError.invalid("decision", "'\(body.decision)' is not a decision; use admit or refuse")
        }
        guard let found = try await store.secondLine.secondLineCase(id: id) else { throw APIError.notFound("no second-line case \(id)", field: "id") }
        try user.requireBCP(found.bcp)
        return try await checks.record(
            NewDecision(
                checkID: found.checkID,
                stage: .second,
                decision: decision,
                ground: body.ground,
                note: body.note,
                officerID: user.id,
                decidedAt: service.now(),
                idempotencyKey: key,
                requestHash: digest([id, body.decision, body.ground ?? "", body.note ?? ""])
            ),
            user: user
        )
    }

    @Sendable func resolveHit(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.workSecondLine)
        let id = try context.parameters.require("id")
        var request = request
        let body = try await request.decodeJSON(as: HitResolutionRequest.self, context: context)
        guard body.resolution == "confirm" || body.resolution == "dismiss" else {
            throw APIError.invalid("resolution", "'\(body.resolution)' is not a resolution; use confirm or dismiss")
        }
        let hit = try await store.secondLine.resolveHit(
            id: id,
            confirm: body.resolution == "confirm",
            reason: body.reason,
            officer: user,
            allowedBCPs: user.bcps,
            purpose: "hit resolution"
        )
        return try .json(API.of(hit))
    }
}
