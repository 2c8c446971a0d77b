import Foundation
import Hummingbird
import LimesCore
import LimesStore

/// Requests for information between countries about hits on partners' alerts: asked by the
/// second line, answered by the second line of the alert's country, each within the deadline
/// the agreement sets; late ones are listed.
struct InformationRequestController {
    let store: Store

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.post("hits/{id}/information-requests", use: ask)
        group.get("information-requests", use: list)
        group.post("information-requests/{id}/answer", use: answer)
    }

    struct AskRequest: Decodable, Sendable {
        var question: String
    }

    struct AnswerRequest: Decodable, Sendable {
        var answer: String
    }

    @Sendable func ask(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.workSecondLine)
        let id = try context.parameters.require("id")
        var request = request
        let body = try await request.decodeJSON(as: AskRequest.self, context: context)
        let asked = try await store.exchange.askAboutHit(id, question: body.question, by: user.id, allowedBCPs: user.isBoundToPosts ? user.bcps : nil)
        return try .json(API.InformationRequestBody(asked, now: Timestamp()), status: .created)
    }

    @Sendable func list(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.requireAny(.workSecondLine, .auditSystem)
        let query = request.uri.queryParameters
        let direction: InformationRequest.Direction?
        switch query.get("direction") ?? "" {
        case "": direction = nil
        case let text:
            guard let known = InformationRequest.Direction(rawValue: text) else {
                throw APIError.invalid("direction", "'\(text)' is not incoming or outgoing")
            }
            direction = known
        }
        let lateOnly: Bool
        switch query.get("late") ?? "" {
        case "", "0", "false": lateOnly = false
        case "1", "true": lateOnly = true
        case let text: throw APIError.invalid("late", "'\(text)' is not 1 or 0")
        }
        let now = Timestamp()
        let items = try await store.exchange.informationRequests(direction: direction, lateOnly: lateOnly, now: now)
        try await store.audit.record([
            AuditEntry(actor: user.id, action: "read", recordType: "information_requests", recordID: "*", purpose: "requests for information")
        ])
        return try .json(items.map { API.InformationRequestBody($0, now: now) })
    }

    @Sendable func answer(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.workSecondLine)
        let id = try context.parameters.require("id")
        var request = request
        let body = try await request.decodeJSON(as: AnswerRequest.self, context: context)
        let answered = try await store.exchange.answerRequest(id, answer: body.answer, by: user.id)
        return try .json(API.InformationRequestBody(answered, now: Timestamp()))
    }
}

extension API {
    /// `InformationRequest` as the API shows it, with whether it is late now.
    struct InformationRequestBody: APIBody {
        var id: String
        var partner: String
        var direction: InformationRequest.Direction
        var alertId: String
        var hitId: String?
        var question: String
        var person: [String: String]
        var agreement: String
        var agreementVersion: Int
        var askedAt: Timestamp
        var askedBy: String
        var dueAt: Timestamp
        var answer: String?
        var answeredAt: Timestamp?
        var answeredBy: String?
        var late: Bool

        init(_ record: InformationRequest, now: Timestamp) {
            id = record.id
            partner = record.partner
            direction = record.direction
            alertId = record.alertID
            hitId = record.hitID
            question = record.question
            person = record.person
            agreement = record.agreement
            agreementVersion = record.agreementVersion
            askedAt = record.askedAt
            askedBy = record.askedBy
            dueAt = record.dueAt
            answer = record.answer
            answeredAt = record.answeredAt
            answeredBy = record.answeredBy
            late = record.isLate(at: now)
        }
    }
}
