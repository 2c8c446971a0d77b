import Foundation
import Hummingbird
import LimesCore
import LimesStore

/// Headquarters' routes for the conflicts posts' changes met: list them with both versions,
/// and record how each was judged. Administrators judge; the values of protection records are
/// shown only to those who may read protection details.
struct ConflictController {
    let store: Store

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("conflicts", use: list)
        group.post("conflicts/:id/judgement", use: judge)
    }

    struct JudgementRequest: Decodable {
        var outcome: String
        var note: String
    }

    @Sendable func list(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let judged: Bool
        switch request.uri.queryParameters.get("state") ?? "open" {
        case "open": judged = false
        case "judged": judged = true
        case let other: throw APIError.invalid("state", "'\(other)' is not open or judged")
        }
        let node = request.uri.queryParameters.get("node")
        let conflicts = try await store.nodes.conflicts(node: node, judged: judged, reader: admin.id)
        return try .json(conflicts.map { API.SyncConflict($0, showValues: $0.valuesShown(to: admin)) })
    }

    @Sendable func judge(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        let id = try context.parameters.require("id")
        var request = request
        let body = try await request.decodeJSON(as: JudgementRequest.self, context: context)
        guard let outcome = ConflictOutcome(rawValue: body.outcome) else {
            throw APIError.invalid("outcome", "'\(body.outcome)' is not headquarters_stands or corrected_by_hand")
        }
        let judged = try await store.nodes.judge(conflict: id, outcome: outcome, note: body.note, by: admin.id)
        return try .json(API.SyncConflict(judged, showValues: judged.valuesShown(to: admin)))
    }
}

extension API {
    struct SyncConflict: APIBody {
        struct Judgement: Codable, Sendable {
            var outcome: String
            var note: String
            var by: String
            var at: String
        }

        var id: String
        var node: String
        var seq: Int64
        var table: String
        var recordKey: String
        var operation: String
        var reason: String
        var at: String
        /// The columns where the versions differ.
        var differences: [String]
        /// False when the values are protection data the reader may not see.
        var valuesShown: Bool
        var postRow: [String: SyncValue]?
        var prior: [String: SyncValue]?
        var current: [String: SyncValue]?
        var judgement: Judgement?

        init(_ conflict: LimesStore.SyncConflict, showValues: Bool) {
            id = conflict.id
            node = conflict.node
            seq = conflict.seq
            table = conflict.table
            recordKey = conflict.recordKey
            operation = conflict.operation
            reason = conflict.reason
            at = conflict.at.description
            differences = conflict.differences
            valuesShown = showValues
            postRow = showValues ? conflict.postRow : nil
            prior = showValues ? conflict.prior : nil
            current = showValues ? conflict.current : nil
            judgement = conflict.judgement.map {
                Judgement(outcome: $0.outcome.rawValue, note: $0.note, by: $0.by, at: $0.at.description)
            }
        }
    }
}
