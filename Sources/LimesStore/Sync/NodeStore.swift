import Foundation
import LimesCore
import SQLKit

/// Headquarters' side of the service: the posts it has enrolled, the batches they send, and the
/// reference data they follow. Owns `nodes` and `sync_conflicts`.
public struct NodeStore: StoreConcept {
    let store: Store
}

extension Store {
    public var nodes: NodeStore { NodeStore(store: self) }
}

extension NodeStore {
    /// Enrols a post: its id, the BCPs it serves and the public key it signs with, pinned here.
    public func enrol(id: String, bcps: [String], publicKey: AuditPublicKey, actor: String, at now: Timestamp = Timestamp()) async throws -> Node {
        try Node.validate(id: id)
        guard !bcps.isEmpty else { throw StoreError("name at least one BCP the post serves", field: "bcps") }
        guard publicKey != store.auditKey.publicKey else {
            throw StoreError("that is headquarters' own key: a post makes its own (limes node key on the post)", field: "publicKey")
        }
        return try await transaction { db in
            for code in bcps {
                guard try await db.raw("SELECT code FROM bcps WHERE code = \(bind: code)").first() != nil else {
                    throw StoreError("no BCP \(code)", code: .notFound, field: "bcps")
                }
            }
            if try await db.raw("SELECT id FROM nodes WHERE id = \(bind: id)").first() != nil {
                throw StoreError("a node \(id) is enrolled already", code: .conflict, field: "id")
            }
            if try await db.raw("SELECT id FROM nodes WHERE public_key = \(bind: publicKey.description)").first() != nil {
                throw StoreError("another node is enrolled with this key", code: .conflict, field: "publicKey")
            }
            let codes = String(decoding: try JSONEncoder().encode(bcps.sorted()), as: UTF8.self)
            try await db.raw(
                """
                INSERT INTO nodes (id, bcps, public_key, enrolled_at, enrolled_by, applied_seq)
                VALUES (\(bind: id), \(bind: codes), \(bind: publicKey.description), \(bind: now.description), \(bind: actor), \(bind: Int64(0)))
                """
            ).run()
            try await PostChainReceiver.open(chain: AuditChain.ofNode(id), on: db)
            try await store.audit.signHead(chain: AuditChain.ofNode(id), seq: 0, hash: AuditChain.genesis, on: db)
            try await appendAudit([AuditEntry(actor: actor, action: "enrol", recordType: "node", recordID: id, purpose: "administration")], on: db)
            guard let node = try await Self.node(id, on: db) else { throw StoreError("node \(id) vanished while it was enrolled") }
            return node
        }
    }

    public func list() async throws -> [Node] {
        try await read { db in
            try await db.raw("SELECT * FROM nodes ORDER BY id").all().asyncMap { try await Self.node(from: $0, on: db) }
        }
    }

    public func node(_ id: String) async throws -> Node? {
        try await read { db in try await Self.node(id, on: db) }
    }

    static func node(_ id: String, on db: any SQLDatabase) async throws -> Node? {
        guard let row = try await db.raw("SELECT * FROM nodes WHERE id = \(bind: id)").first() else { return nil }
        return try await node(from: row, on: db)
    }

    static func node(from row: any SQLRow, on db: any SQLDatabase) async throws -> Node {
        let id = try row.decode(column: "id", as: String.self)
        let keyText = try row.decode(column: "public_key", as: String.self)
        guard let key = AuditPublicKey(text: keyText) else { throw StoreError("nodes \(id): public_key is not a public key") }
        let bcpsText = try row.decode(column: "bcps", as: String.self)
        guard let bcps = try? JSONDecoder().decode([String].self, from: Data(bcpsText.utf8)) else {
            throw StoreError("nodes \(id): bcps is not a list of codes")
        }
        let conflicts =
            try await db.raw("SELECT COUNT(*) AS n FROM sync_conflicts WHERE node_id = \(bind: id) AND judged_at IS NULL").first()?
            .decode(column: "n", as: Int.self) ?? 0
        let auditEvents =
            try await db.raw("SELECT seq FROM audit_heads WHERE chain = \(bind: AuditChain.ofNode(id))").first()?
            .decode(column: "seq", as: Int64.self) ?? 0
        return Node(
            id: id,
            bcps: bcps,
            publicKey: key,
            enrolledAt: try row.time("enrolled_at", of: "nodes"),
            enrolledBy: try row.decode(column: "enrolled_by", as: String.self),
            appliedSeq: try row.decode(column: "applied_seq", as: Int64.self),
            lastContact: try row.optionalTime("last_contact", of: "nodes"),
            referenceVersion: try row.decode(column: "reference_version", as: String?.self),
            watchlistVersion: try row.decode(column: "watchlist_version", as: Int64?.self),
            revokedAt: try row.optionalTime("revoked_at", of: "nodes"),
            conflicts: conflicts,
            lastRefusal: try row.decode(column: "last_refusal", as: String?.self),
            auditEvents: auditEvents
        )
    }

    /// The enrolled, unrevoked node that signed `message`, or a refusal that says why not.
    /// Called before anything the node sent is read further.
    public func authenticate(node id: String, message: Data, signature: String) async throws -> Node {
        guard let node = try await node(id) else {
            throw SyncRefusal(.unauthenticated, "node \(id) is not enrolled here (limes node enrol at headquarters)")
        }
        if let revoked = node.revokedAt {
            throw SyncRefusal(.unauthenticated, "node \(id) was revoked at \(revoked)")
        }
        guard node.publicKey.isValid(signature: signature, for: message) else {
            throw SyncRefusal(.unauthenticated, "the signature does not match node \(id)'s enrolled key")
        }
        return node
    }

    /// The changes with the records they reference, as their own records; a record that reached
    /// here before is not written again.
    public func apply(_ batch: SyncBatch, from node: Node, at now: Timestamp = Timestamp()) async throws -> SyncAcknowledgement {
        guard batch.node == node.id else {
            throw SyncRefusal(.invalid, "the batch names node \(batch.node) but was signed by \(node.id)")
        }
        do {
            if let problem = batch.malformation { throw SyncRefusal(.invalid, problem) }
            return try await applyOnce(batch, from: node, at: now)
        } catch let refusal as SyncRefusal where refusal.code == .invalid {
            // Kept for the node list: a post stuck on a batch headquarters will not take is a
            // matter for a person (an edited chain, a newer Limes at the post).
            try await write { db in
                try await db.raw(
                    "UPDATE nodes SET last_refusal = \(bind: refusal.message), last_contact = \(bind: now.description) WHERE id = \(bind: node.id)"
                )
                .run()
            }
            throw refusal
        }
    }

    private func applyOnce(_ batch: SyncBatch, from node: Node, at now: Timestamp) async throws -> SyncAcknowledgement {
        try await transaction { db in
            // The node's row, locked: two headquarters processes never apply the same batch.
            guard
                let row = try await db.raw(
                    SQLQueryString("SELECT applied_seq FROM nodes WHERE id = ") + "\(bind: node.id)" + SQLQueryString(lockClause)
                ).first()
            else {
                throw SyncRefusal(.unauthenticated, "node \(node.id) is not enrolled here")
            }
            let applied = try row.decode(column: "applied_seq", as: Int64.self)
            switch SyncBatchPlan(batch: batch, applied: applied) {
            case .alreadyApplied:
                try await db.raw("UPDATE nodes SET last_contact = \(bind: now.description) WHERE id = \(bind: node.id)").run()
                return SyncAcknowledgement(node: node.id, applied: applied, conflicts: 0)
            case .gap(let expected):
                throw SyncRefusal(
                    .gap,
                    "node \(node.id): this batch starts at \(batch.first ?? 0), but the next change expected is \(expected)",
                    expected: expected
                )
            case .apply(let from):
                var applier = BatchApplier(node: node.id, key: node.publicKey, engine: engine, now: now)
                for change in batch.changes[from...] { try await applier.apply(change, on: db) }
                try await appendAudit(applier.audit, at: now, on: db)
                if let head = applier.chain.head {
                    try await store.audit.signHead(chain: applier.chain.chain, seq: head.seq, hash: head.hash, on: db)
                }
                try await db.raw(
                    """
                    UPDATE nodes SET applied_seq = \(bind: batch.last ?? applied), last_contact = \(bind: now.description), last_refusal = NULL
                    WHERE id = \(bind: node.id)
                    """
                ).run()
                return SyncAcknowledgement(node: node.id, applied: batch.last ?? applied, conflicts: applier.conflicts)
            }
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
