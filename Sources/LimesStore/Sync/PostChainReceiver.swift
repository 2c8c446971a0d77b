import Foundation
import LimesCore
import SQLKit

/// Headquarters' copy of one post's audit chain, extended event by event as the post's batches
/// arrive. Each event must follow the last one kept here (its number, its link), hash to what
/// it says, and, where the post signed it, carry the post's signature with its pinned key.
/// Anything else refuses the whole batch: an event edited at the post, or a chain cut or
/// rewritten there, stops that post's sync where it broke instead of being stored as if whole.
struct PostChainReceiver {
    let node: String
    let key: AuditPublicKey
    var chain: String { AuditChain.ofNode(node) }
    /// The head as this batch leaves it; nil until the first event of the batch.
    private(set) var head: (seq: Int64, hash: String)?
    private(set) var received = 0

    init(node: String, key: AuditPublicKey) {
        self.node = node
        self.key = key
    }

    mutating func append(_ change: SyncChange, on db: any SQLDatabase) async throws {
        guard change.operation == .insert else {
            throw SyncRefusal(.invalid, "change \(change.seq): audit events are only ever added, never changed")
        }
        let row = change.row
        func text(_ name: String) throws -> String {
            guard case .text(let value)? = row[name] else {
                throw SyncRefusal(.invalid, "change \(change.seq): the audit event has no \(name) text")
            }
            return value
        }
        func optionalText(_ name: String) throws -> String? {
            switch row[name] {
            case .text(let value)?: return value
            case .null?, nil: return nil
            default: throw SyncRefusal(.invalid, "change \(change.seq): the audit event's \(name) is not text")
            }
        }
        guard case .integer(let seq)? = row["seq"] else {
            throw SyncRefusal(.invalid, "change \(change.seq): the audit event has no number (seq)")
        }
        let atText = try text("at")
        guard let at = Timestamp(iso: atText) else {
            throw SyncRefusal(.invalid, "change \(change.seq): the audit event's time '\(atText)' is not a time")
        }
        var entry = AuditEntry(
            actor: try text("actor"),
            action: try text("action"),
            recordType: try text("record_type"),
            recordID: try text("record_id"),
            purpose: try text("purpose")
        )
        entry.digest = try optionalText("digest")
        let previous = try text("prev_hash")
        let hash = try text("hash")
        let signature = try optionalText("signature")

        let current = try await currentHead(on: db)
        let name = "post \(node)'s audit event \(seq)"
        guard seq == current.seq + 1 else {
            throw SyncRefusal(
                .invalid,
                "\(name) arrived, but its chain here ends at event \(current.seq): events were cut or renumbered at the post"
            )
        }
        guard previous == current.hash else {
            throw SyncRefusal(.invalid, "\(name) does not follow event \(current.seq): an event before it was edited or replaced at the post")
        }
        guard AuditChain.hash(seq: seq, at: at, entry: entry, previous: previous) == hash else {
            throw SyncRefusal(.invalid, "\(name) (\(entry.action) \(entry.recordType) \(entry.recordID)) was edited after it was written")
        }
        if let signature, !key.isValid(signature: signature, for: AuditChain.eventMessage(seq: seq, hash: hash)) {
            throw SyncRefusal(.invalid, "\(name) does not carry the post's signature: its chain was rewritten, or signed with another key")
        }
        let values: [any Encodable & Sendable] = [
            chain, seq, at.description, entry.actor, entry.action, entry.recordType, entry.recordID, entry.purpose, entry.digest, previous, hash,
            signature,
        ]
        try await db.raw(
            """
            INSERT INTO audit_events (chain, seq, at, actor, action, record_type, record_id, purpose, digest, prev_hash, hash, signature)
            VALUES (\(binds: values))
            """
        ).run()
        head = (seq, hash)
        received += 1
    }

    private mutating func currentHead(on db: any SQLDatabase) async throws -> (seq: Int64, hash: String) {
        if let head { return head }
        if let row = try await db.raw("SELECT seq, hash FROM audit_heads WHERE chain = \(bind: chain)").first() {
            return (try row.decode(column: "seq", as: Int64.self), try row.decode(column: "hash", as: String.self))
        }
        try await Self.open(chain: chain, on: db)
        return (0, AuditChain.genesis)
    }

    /// The empty chain of a newly enrolled post; its head is signed when its first events arrive.
    static func open(chain: String, on db: any SQLDatabase) async throws {
        try await db.raw("INSERT INTO audit_heads (chain, seq, hash) VALUES (\(bind: chain), 0, \(bind: AuditChain.genesis))").run()
    }
}
