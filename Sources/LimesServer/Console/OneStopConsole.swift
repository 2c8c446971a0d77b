import Foundation
import Hummingbird
import LimesCore
import LimesStore

/// The booth's page at a one-stop border post: the partner's exits to check here, each run as
/// this country's own check (whose answer page shows the partner's exit beside it), and the
/// exits passed from here with what the partner did.
struct OneStopConsole {
    let store: Store
    let service: CheckService
    let renderer: ConsoleRenderer

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("one-stop", use: page)
        group.post("one-stop/:id/check", use: check)
    }

    /// `one_stop.mustache`.
    struct OneStopPage: Encodable {
        struct Operation: Encodable {
            var id: String
            var partner: String
            var person: String
            var at: String
            var state: String
            var reason: String?
            var toCheck: Bool
        }

        struct Post: Encodable {
            var code: String
            var partner: String
            var lanes: [OptionView]
            var incoming: [Operation]
            var outgoing: [Operation]
        }

        var posts: [Post]
        var failed: RefusalView?
    }

    @Sendable func page(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.checkTravellers)
        return try await render(user: user, context: context)
    }

    func render(user: User, failed: RefusalView? = nil, context: LimesRequestContext, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let views = ConsoleViews(renderer: renderer, context: context)
        let format = renderer.format(context)
        var posts: [OneStopPage.Post] = []
        for bcp in try await store.organisation.bcps() where bcp.oneStop != nil && user.worksAt(bcp.code) {
            let operations = try await store.exchange.oneStopOperations(bcp: bcp.code)
            try await store.audit.record(
                operations.map {
                    AuditEntry(actor: user.id, action: "read", recordType: "one_stop_operation", recordID: $0.id, purpose: "one-stop booth")
                }
            )
            func item(_ operation: OneStopOperation) -> OneStopPage.Operation {
                let names = operation.person["names"]?.list?.joined(separator: ", ") ?? ""
                let document = [operation.person["document_issuer"]?.text, operation.person["document_number"]?.text].compactMap { $0 }
                    .joined(separator: " ")
                return OneStopPage.Operation(
                    id: operation.id,
                    partner: operation.partner,
                    person: [names, document].filter { !$0.isEmpty }.joined(separator: " · "),
                    at: format.dateTime(operation.createdAt),
                    state: views.text("onestop.state." + operation.state.rawValue, ["partner": operation.partner]),
                    reason: operation.reason,
                    toCheck: operation.state == .toCheck
                )
            }
            posts.append(
                OneStopPage.Post(
                    code: bcp.code,
                    partner: bcp.oneStop?.partner ?? "",
                    lanes: bcp.lanes.map { OptionView(value: $0.code, label: "\($0.code) (\($0.name))") },
                    incoming: operations.filter { $0.direction == .incoming }.map(item),
                    outgoing: operations.filter { $0.direction == .outgoing }.map(item)
                )
            )
        }
        return try renderer.page(
            "one_stop",
            title: "onestop.title",
            model: OneStopPage(posts: posts, failed: failed),
            context: context,
            status: status
        )
    }

    /// This country's check of the partner's exit; its answer page is where the officer decides.
    @Sendable func check(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.checkTravellers)
        let id = try context.parameters.require("id")
        let form = try await ConsoleForm.read(request, context: context)
        do {
            let lane = form.value("lane") ?? ""
            let (operation, answer) = try await OneStopController.checkHere(id, lane: lane, user: user, store: store, service: service)
            return ConsoleMiddleware.redirect("/console/first-line/checks/\(answer.checkId)?bcp=\(operation.bcp)&lane=\(lane)&direction=entry")
        } catch let thrown where APIError.refusal(thrown, .unprocessableContent, .conflict) != nil {
            let error = APIError.refusal(thrown, .unprocessableContent, .conflict)!
            return try await render(
                user: user,
                failed: RefusalView(field: error.field ?? "", message: error.message),
                context: context,
                status: error.status
            )
        }
    }
}
