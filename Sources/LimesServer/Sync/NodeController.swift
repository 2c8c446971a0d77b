import Foundation
import Hummingbird
import LimesCore
import LimesStore

/// The administrator's routes for the service's nodes: enrol a post, list them all.
struct NodeController {
    let store: Store

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("nodes", use: list)
        group.post("nodes", use: enrol)
    }

    struct EnrolRequest: Decodable {
        var id: String
        var bcps: [String]
        var publicKey: String
    }

    @Sendable func list(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.require(.administer)
        return try .json(try await store.nodes.list().map(API.Node.init))
    }

    @Sendable func enrol(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let admin = try context.require(.administer)
        var request = request
        let body = try await request.decodeJSON(as: EnrolRequest.self, context: context)
        guard let key = AuditPublicKey(text: body.publicKey) else {
            throw APIError.invalid("publicKey", "not a public key: one line, ed25519: and the key in base64 (limes node key on the post)")
        }
        let node = try await store.nodes.enrol(id: body.id, bcps: body.bcps, publicKey: key, actor: admin.id)
        return try .json(API.Node(node), status: .created)
    }
}
