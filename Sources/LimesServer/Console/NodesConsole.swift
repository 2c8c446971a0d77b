import Foundation
import Hummingbird
import LimesCore
import LimesStore

/// Headquarters' view of its border posts: when each last called, how far its records have
/// arrived, the watchlist it holds, its conflicts and whether its audit chain was refused.
struct NodesConsole {
    let store: Store
    let renderer: ConsoleRenderer

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("nodes", use: page)
    }

    /// `nodes.mustache`.
    struct NodesPage: Encodable {
        struct Row: Encodable {
            var id: String
            var bcps: String
            var lastContact: String
            var applied: String
            var watchlist: String
            var conflicts: String
            var auditEvents: String
            var state: String
            var problem: Bool
        }

        var nodes: [Row]
        var empty: Bool
    }

    @Sendable func page(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.require(.administer)
        let nodes = try await store.nodes.list()
        let views = ConsoleViews(renderer: renderer, context: context)
        let format = renderer.format(context)
        let rows = nodes.map { node in
            let state: String
            if let refusal = node.lastRefusal {
                state = views.text("nodes.refused", ["reason": refusal])
            } else {
                state = views.text("nodes.ok")
            }
            return NodesPage.Row(
                id: node.id,
                bcps: node.bcps.joined(separator: ", "),
                lastContact: node.lastContact.map(format.dateTime) ?? views.text("nodes.never"),
                applied: format.number(Int(node.appliedSeq)),
                watchlist: node.watchlistVersion.map { format.number(Int($0)) } ?? "–",
                conflicts: format.number(node.conflicts),
                auditEvents: format.number(Int(node.auditEvents)),
                state: state,
                problem: node.lastRefusal != nil || node.conflicts > 0
            )
        }
        return try renderer.page("nodes", title: "nodes.title", model: NodesPage(nodes: rows, empty: rows.isEmpty), context: context)
    }
}
