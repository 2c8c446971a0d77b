import Foundation
import Hummingbird
import LimesCore
import LimesStore

/// Headquarters' page of the conflicts posts' changes met: each with the post's version, what
/// the post read before, and headquarters' record now, and a form to record the judgement.
/// Administrators judge; protection records' values are shown only to protection readers.
struct ConflictsConsole {
    let store: Store
    let renderer: ConsoleRenderer

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("conflicts", use: page)
        group.post("conflicts/:id/judgement", use: judge)
    }

    /// `conflicts.mustache`.
    struct ConflictsPage: Encodable {
        struct Field: Encodable {
            var name: String
            var prior: String
            var post: String
            var current: String
        }

        struct Item: Encodable {
            var id: String
            var node: String
            var table: String
            var recordKey: String
            var reason: String
            var at: String
            var fields: [Field]
            var withheld: Bool
            var judgement: String?
            var failed: RefusalView?
        }

        struct Outcome: Encodable {
            var value: String
            var label: String
        }

        var conflicts: [Item]
        var empty: Bool
        var judged: Bool
        var notice: String?
        var outcomes: [Outcome]
    }

    @Sendable func page(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let notice = request.uri.queryParameters.get("saved") != nil ? renderer.text("conflicts.saved", context) : nil
        return try await render(admin: admin, judged: request.uri.queryParameters.get("judged") == "1", notice: notice, context: context)
    }

    @Sendable func judge(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let id = try context.parameters.require("id")
        let form = try await ConsoleForm.read(request, context: context)
        do {
            guard let outcome = form.value("outcome").flatMap(ConflictOutcome.init(rawValue:)) else {
                throw APIError.invalid("outcome", renderer.text("conflicts.choose", context))
            }
            _ = try await store.nodes.judge(conflict: id, outcome: outcome, note: form["note"] ?? "", by: admin.id)
        } catch let thrown where APIError.refusal(thrown, .unprocessableContent) != nil {
            let error = APIError.refusal(thrown, .unprocessableContent)!
            return try await render(
                admin: admin,
                judged: false,
                failed: (id, RefusalView(field: error.field ?? "", message: error.message)),
                context: context,
                status: error.status
            )
        }
        return ConsoleMiddleware.redirect("/console/conflicts?saved=1")
    }

    func render(
        admin: User,
        judged: Bool,
        notice: String? = nil,
        failed: (id: String, refusal: RefusalView)? = nil,
        context: LimesRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let conflicts = try await store.nodes.conflicts(judged: judged, reader: admin.id)
        let views = ConsoleViews(renderer: renderer, context: context)
        let format = renderer.format(context)
        // Judgements name their judge by id; the page shows the name.
        let names =
            judged ? Dictionary(try await store.users.all().map { ($0.id, $0.displayName) }, uniquingKeysWith: { first, _ in first }) : [:]
        // "∅": the field is empty in that version; "–" (below): that version has no such record.
        func shown(_ value: SyncValue) -> String { value == .null ? "∅" : value.description }
        let items = conflicts.map { conflict in
            let withheld = !conflict.valuesShown(to: admin)
            return ConflictsPage.Item(
                id: conflict.id,
                node: conflict.node,
                table: conflict.table,
                recordKey: conflict.recordKey,
                reason: conflict.reason,
                at: format.dateTime(conflict.at),
                fields: withheld
                    ? []
                    : conflict.differences.map { name in
                        ConflictsPage.Field(
                            name: name,
                            prior: conflict.prior.map { shown($0[name] ?? .null) } ?? "–",
                            post: shown(conflict.postRow[name] ?? .null),
                            current: conflict.current.map { shown($0[name] ?? .null) } ?? "–"
                        )
                    },
                withheld: withheld,
                judgement: conflict.judgement.map {
                    views.text(
                        "conflicts.judged_as",
                        [
                            "outcome": views.text("conflicts.outcome." + $0.outcome.rawValue), "by": names[$0.by] ?? $0.by,
                            "at": format.dateTime($0.at), "note": $0.note,
                        ]
                    )
                },
                failed: failed?.id == conflict.id ? failed?.refusal : nil
            )
        }
        let model = ConflictsPage(
            conflicts: items,
            empty: items.isEmpty,
            judged: judged,
            notice: notice,
            outcomes: ConflictOutcome.allCases.map { .init(value: $0.rawValue, label: views.text("conflicts.outcome." + $0.rawValue)) }
        )
        return try renderer.page("conflicts", title: "conflicts.title", model: model, context: context, status: status)
    }
}
