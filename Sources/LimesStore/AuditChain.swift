import Foundation
import LimesCore
import SQLKit

/// Each audit event carries the hash of the one before it, so an edited, inserted or deleted
/// event breaks the chain at that point; the head row keeps the last hash, so cutting the
/// newest events off breaks it too.
enum AuditChain {
    static let genesis = String(repeating: "0", count: 64)

    static func hash(seq: Int64, at: Timestamp, entry: AuditEntry, previous: String) -> String {
        // Unit separators: no field can shift its text into a neighbour's.
        let text = [String(seq), at.description, entry.actor, entry.action, entry.recordType, entry.recordID, entry.purpose, previous]
            .joined(separator: "\u{1F}")
        return Digest.sha256(text)
    }
}

/// What `verify` found.
public struct AuditVerification: Sendable, Hashable, CustomStringConvertible {
    public var events: Int
    /// Nil when the chain is whole.
    public var problem: String?
    public var isIntact: Bool { problem == nil }

    public var description: String {
        problem.map { "audit chain broken: \($0)" } ?? "audit chain intact: \(events) events"
    }
}

extension Store {
    /// Appends events inside the caller's transaction.
    func appendAudit(_ entries: [AuditEntry], at: Timestamp = Timestamp(), on db: any SQLDatabase) async throws {
        guard !entries.isEmpty else { return }
        guard let head = try await db.raw(SQLQueryString("SELECT seq, hash FROM audit_head WHERE id = 1" + lockClause)).first() else {
            throw StoreError("the audit chain has no head row; the database was altered outside Limes")
        }
        var seq = try head.decode(column: "seq", as: Int64.self)
        var previous = try head.decode(column: "hash", as: String.self)
        // Raw SQL on this path: it runs in every transaction, and sql-kit's builders cost more
        // to serialise than the statement costs to run.
        var rows: [SQLQueryString] = []
        for entry in entries {
            seq += 1
            let hash = AuditChain.hash(seq: seq, at: at, entry: entry, previous: previous)
            let values: [any Encodable & Sendable] = [
                seq, at.description, entry.actor, entry.action, entry.recordType, entry.recordID, entry.purpose, previous, hash,
            ]
            rows.append("(\(binds: values))")
            previous = hash
        }
        try await db.raw(
            "INSERT INTO audit_events (seq, at, actor, action, record_type, record_id, purpose, prev_hash, hash) VALUES "
                + rows.joined(separator: ", ")
        ).run()
        try await db.raw("UPDATE audit_head SET seq = \(bind: seq), hash = \(bind: previous) WHERE id = 1").run()
    }

    /// Appends events in a transaction of their own (reads that change nothing else).
    public func audit(_ entries: [AuditEntry]) async throws {
        try await transaction { db in try await self.appendAudit(entries, on: db) }
    }

    /// Recomputes the whole chain and says where it first breaks.
    public func verifyAudit() async throws -> AuditVerification {
        var previous = AuditChain.genesis
        var expectedSeq: Int64 = 1
        var count = 0
        let page = 5_000
        while true {
            let from = expectedSeq
            let rows = try await read { db in
                try await db.raw(
                    "SELECT seq, at, actor, action, record_type, record_id, purpose, prev_hash, hash FROM audit_events WHERE seq >= \(bind: from) ORDER BY seq LIMIT \(bind: page)"
                ).all()
            }
            for row in rows {
                let seq = try row.decode(column: "seq", as: Int64.self)
                if seq != expectedSeq {
                    return AuditVerification(events: count, problem: "event \(expectedSeq) is missing (the next one is \(seq)): deleted")
                }
                let atText = try row.decode(column: "at", as: String.self)
                guard let at = Timestamp(iso: atText) else {
                    return AuditVerification(events: count, problem: "event \(seq) has time '\(atText)': edited")
                }
                let entry = AuditEntry(
                    actor: try row.decode(column: "actor", as: String.self),
                    action: try row.decode(column: "action", as: String.self),
                    recordType: try row.decode(column: "record_type", as: String.self),
                    recordID: try row.decode(column: "record_id", as: String.self),
                    purpose: try row.decode(column: "purpose", as: String.self)
                )
                let stored = try row.decode(column: "hash", as: String.self)
                if try row.decode(column: "prev_hash", as: String.self) != previous {
                    return AuditVerification(
                        events: count,
                        problem: "event \(seq) does not follow event \(seq - 1): an event before it was edited or replaced"
                    )
                }
                if AuditChain.hash(seq: seq, at: at, entry: entry, previous: previous) != stored {
                    return AuditVerification(
                        events: count,
                        problem: "event \(seq) (\(entry.action) \(entry.recordType) \(entry.recordID)) was edited after it was written"
                    )
                }
                previous = stored
                expectedSeq += 1
                count += 1
            }
            if rows.count < page { break }
        }
        let head = try await read { db in try await db.raw("SELECT seq, hash FROM audit_head WHERE id = 1").first() }
        guard let head else { return AuditVerification(events: count, problem: "the chain's head row is gone") }
        let headSeq = try head.decode(column: "seq", as: Int64.self)
        let headHash = try head.decode(column: "hash", as: String.self)
        if headSeq != Int64(count) || headHash != previous {
            return AuditVerification(
                events: count,
                problem: "the chain ends at event \(count) but \(headSeq) were written: the newest events were deleted"
            )
        }
        return AuditVerification(events: count, problem: nil)
    }

    /// The newest events, newest first, for an administrator's view.
    public func auditEvents(recordID: String? = nil, limit: Int = 100) async throws -> [AuditEvent] {
        let rows = try await read { db in
            var query = db.select().columns("*").from("audit_events")
            if let recordID { query = query.where("record_id", .equal, recordID) }
            return try await query.orderBy("seq", .descending).limit(limit).all()
        }
        return try rows.map { row in
            AuditEvent(
                seq: try row.decode(column: "seq", as: Int64.self),
                at: Timestamp(iso: try row.decode(column: "at", as: String.self)) ?? Timestamp(milliseconds: 0),
                actor: try row.decode(column: "actor", as: String.self),
                action: try row.decode(column: "action", as: String.self),
                recordType: try row.decode(column: "record_type", as: String.self),
                recordID: try row.decode(column: "record_id", as: String.self),
                purpose: try row.decode(column: "purpose", as: String.self),
                previousHash: try row.decode(column: "prev_hash", as: String.self),
                hash: try row.decode(column: "hash", as: String.self)
            )
        }
    }
}
