import Foundation
import Hummingbird
import LimesCore
import LimesStore

/// Requests for information with partner countries: asked from a case's hit on a partner's
/// alert, answered here when a partner asks, each with its deadline; late ones stand out.
struct InformationRequestConsole {
    let store: Store
    let renderer: ConsoleRenderer

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("information-requests", use: page)
        group.post("hits/:id/information-request", use: ask)
        group.post("information-requests/:id/answer", use: answer)
    }

    /// `information_requests.mustache`.
    struct RequestsPage: Encodable {
        struct Item: Encodable {
            var id: String
            var partner: String
            var alert: String
            var question: String
            var person: String
            var asked: String
            var due: String
            var late: Bool
            var answer: String?
            var answered: String?
            var answerable: Bool
            var failed: RefusalView?
        }

        var outgoing: [Item]
        var incoming: [Item]
        var mayAnswer: Bool
        var notice: String?
    }

    @Sendable func page(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.requireAny(.workSecondLine, .auditSystem)
        let notice = request.uri.queryParameters.get("saved").map { renderer.text("requests.saved." + $0, context) }
        return try await render(user: user, notice: notice, context: context)
    }

    func render(
        user: User,
        notice: String? = nil,
        failed: (id: String, refusal: RefusalView)? = nil,
        context: LimesRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let now = Timestamp()
        let format = renderer.format(context)
        let all = try await store.exchange.informationRequests(now: now)
        try await store.audit.record([
            AuditEntry(actor: user.id, action: "read", recordType: "information_requests", recordID: "*", purpose: "requests for information")
        ])
        let mayAnswer = user.may(.workSecondLine)
        func item(_ request: InformationRequest) -> RequestsPage.Item {
            RequestsPage.Item(
                id: request.id,
                partner: request.partner,
                alert: request.alertID,
                question: request.question,
                person: request.person.sorted { $0.key < $1.key }.map(\.value).joined(separator: ", "),
                asked: format.dateTime(request.askedAt),
                due: format.dateTime(request.dueAt),
                late: request.isLate(at: now),
                answer: request.answer,
                answered: request.answeredAt.map(format.dateTime),
                answerable: mayAnswer && request.direction == .incoming && request.answeredAt == nil,
                failed: failed?.id == request.id ? failed?.refusal : nil
            )
        }
        let model = RequestsPage(
            outgoing: all.filter { $0.direction == .outgoing }.map(item),
            incoming: all.filter { $0.direction == .incoming }.map(item),
            mayAnswer: mayAnswer,
            notice: notice
        )
        return try renderer.page("information_requests", title: "requests.title", model: model, context: context, status: status)
    }

    @Sendable func ask(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.workSecondLine)
        let id = try context.parameters.require("id")
        let form = try await ConsoleForm.read(request, context: context)
        _ = try await store.exchange.askAboutHit(
            id,
            question: form["question"] ?? "",
            by: user.id,
            allowedBCPs: user.isBoundToPosts ? user.bcps : nil
        )
        return ConsoleMiddleware.redirect("/console/information-requests?saved=asked")
    }

    @Sendable func answer(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.workSecondLine)
        let id = try context.parameters.require("id")
        let form = try await ConsoleForm.read(request, context: context)
        do {
            _ = try await store.exchange.answerRequest(id, answer: form["answer"] ?? "", by: user.id)
        } catch let thrown where APIError.refusal(thrown, .unprocessableContent, .conflict) != nil {
            let error = APIError.refusal(thrown, .unprocessableContent, .conflict)!
            return try await render(
                user: user,
                failed: (id, RefusalView(field: error.field ?? "", message: error.message)),
                context: context,
                status: error.status
            )
        }
        return ConsoleMiddleware.redirect("/console/information-requests?saved=answered")
    }
}
