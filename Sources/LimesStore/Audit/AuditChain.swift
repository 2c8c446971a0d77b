import Foundation
import LimesCore
import SQLKit

/// Each audit event carries the hash of the one before it, so an edited, inserted or deleted
/// event breaks the chain at that point. The head row keeps the last sequence number and hash,
/// signed with the audit key (a file outside the database): someone who can write to the
/// database can recompute hashes, but cannot sign the head they leave behind. Signed
/// checkpoints kept outside (`AuditCheckpoint`) also catch a head put back to an older signed
/// state. Events about the records `AuditedRecords` lists carry a digest of the record's row,
/// so a record changed or deleted without its event is found too.
enum AuditChain {
    static let genesis = String(repeating: "0", count: 64)

    static func hash(seq: Int64, at: Timestamp, entry: AuditEntry, previous: String) -> String {
        // Unit separators: no field can shift its text into a neighbour's. Events written before
        // record digests existed have none, and hash as they always did.
        var fields = [String(seq), at.description, entry.actor, entry.action, entry.recordType, entry.recordID, entry.purpose, previous]
        if let digest = entry.digest { fields.append(digest) }
        return Digest.sha256(fields.joined(separator: "\u{1F}"))
    }

    /// The head's and the events' signatures sign different texts, so an event's signature
    /// can never stand in for a head moved back to that event.
    static func headMessage(seq: Int64, hash: String) -> String {
        ["limes-audit-head", String(seq), hash].joined(separator: "\u{1F}")
    }

    static func eventMessage(seq: Int64, hash: String) -> String {
        ["limes-audit-event", String(seq), hash].joined(separator: "\u{1F}")
    }
}

/// What `verifyAudit` found.
public struct AuditVerification: Sendable, Hashable, CustomStringConvertible {
    public var events: Int
    /// Records whose rows were compared with their events' digests.
    public var records: Int
    /// Checkpoints (stored and given) that were checked.
    public var checkpoints: Int
    /// Every problem found, each naming the event, record or checkpoint; empty when all is whole.
    public var problems: [String]
    public var problem: String? { problems.first }
    public var isIntact: Bool { problems.isEmpty }

    public var description: String {
        if problems.isEmpty {
            return "audit chain intact: \(events) events, head signed, \(records) records match their events, \(checkpoints) checkpoints hold"
        }
        return "audit chain broken (\(problems.count) problems):\n" + problems.map { "  - " + $0 }.joined(separator: "\n")
    }
}

/// The audit chain: events, its signed head and checkpoints. Owns `audit_events`, `audit_head`
/// and `audit_checkpoints`.
public struct AuditStore: StoreConcept {
    let store: Store
}

extension Store {
    public var audit: AuditStore { AuditStore(store: self) }
}

extension AuditStore {
    /// Appends events inside the caller's transaction, and signs the new head.
    func append(_ entries: [AuditEntry], at: Timestamp = Timestamp(), on db: any SQLDatabase) async throws {
        guard !entries.isEmpty else { return }
        guard let head = try await db.raw(SQLQueryString("SELECT seq, hash FROM audit_head WHERE id = 1" + lockClause)).first() else {
            throw StoreError("the audit chain has no head row; the database was altered outside Limes")
        }
        var seq = try head.decode(column: "seq", as: Int64.self)
        var previous = try head.decode(column: "hash", as: String.self)
        // Raw SQL on this path: it runs in every transaction, and sql-kit's builders cost more
        // to serialise than the statement costs to run.
        var rows: [SQLQueryString] = []
        for (index, var entry) in entries.enumerated() {
            if let kind = AuditedRecords.byRecordType[entry.recordType], AuditedRecords.changes(entry.action) {
                entry.digest = try await AuditedRecords.currentDigest(of: kind, id: entry.recordID, on: db)
                if entry.digest == nil && entry.action != AuditedRecords.erase {
                    throw StoreError("no \(kind.table) row \(entry.recordID) to audit after '\(entry.action)'")
                }
            }
            seq += 1
            let hash = AuditChain.hash(seq: seq, at: at, entry: entry, previous: previous)
            let signature = index == entries.count - 1 ? try store.auditKey.sign(AuditChain.eventMessage(seq: seq, hash: hash)) : nil
            let values: [any Encodable & Sendable] = [
                seq, at.description, entry.actor, entry.action, entry.recordType, entry.recordID, entry.purpose, entry.digest, previous, hash,
                signature,
            ]
            rows.append("(\(binds: values))")
            previous = hash
        }
        // A retention run may erase thousands of records: keep each statement's binds well
        // under SQLite's limit.
        for chunk in stride(from: 0, to: rows.count, by: 500) {
            try await db.raw(
                "INSERT INTO audit_events (seq, at, actor, action, record_type, record_id, purpose, digest, prev_hash, hash, signature) VALUES "
                    + rows[chunk..<min(chunk + 500, rows.count)].joined(separator: ", ")
            ).run()
        }
        try await store.audit.signHead(seq: seq, hash: previous, on: db)
    }

    func signHead(seq: Int64, hash: String, on db: any SQLDatabase) async throws {
        let signature = try store.auditKey.sign(AuditChain.headMessage(seq: seq, hash: hash))
        try await db.raw(
            "UPDATE audit_head SET seq = \(bind: seq), hash = \(bind: hash), signature = \(bind: signature), key_id = \(bind: store.auditKey.id) WHERE id = 1"
        ).run()
    }

    /// Appends events in a transaction of their own (reads that change nothing else).
    public func record(_ entries: [AuditEntry]) async throws {
        try await transaction { db in try await self.append(entries, on: db) }
    }

    /// The public half of the key that signs this store's chain.
    public var publicKey: AuditPublicKey { store.auditKey.publicKey }

    /// Signs the chain's current head as a checkpoint, keeps it in the database and returns it
    /// for an outside party to keep.
    public func checkpoint(at now: Timestamp = Timestamp()) async throws -> AuditCheckpoint {
        try await transaction { db in
            guard let head = try await db.raw(SQLQueryString("SELECT seq, hash FROM audit_head WHERE id = 1" + self.lockClause)).first() else {
                throw StoreError("the audit chain has no head row; the database was altered outside Limes")
            }
            let seq = try head.decode(column: "seq", as: Int64.self)
            let hash = try head.decode(column: "hash", as: String.self)
            let key = self.store.auditKey
            let checkpoint = AuditCheckpoint(
                seq: seq,
                hash: hash,
                at: now,
                keyId: key.publicKey.id,
                publicKey: key.publicKey.description,
                signature: try key.sign(AuditCheckpoint.message(seq: seq, hash: hash, at: now))
            )
            try await db.raw(
                """
                INSERT INTO audit_checkpoints (seq, hash, at, key_id, public_key, signature)
                VALUES (\(bind: seq), \(bind: hash), \(bind: now.description), \(bind: checkpoint.keyId), \(bind: checkpoint.publicKey), \(bind: checkpoint.signature))
                """
            ).run()
            return checkpoint
        }
    }

    /// Recomputes the whole chain, checks the head's signature and every checkpoint (those in the
    /// database and `checkpoints`, kept outside), and compares every audited record with its
    /// latest event. `trusted` is the key the head and checkpoints must be signed with (by
    /// default this store's own).
    public func verify(trusted: AuditPublicKey? = nil, checkpoints outside: [AuditCheckpoint] = []) async throws -> AuditVerification {
        let trusted = trusted ?? store.auditKey.publicKey
        var problems: [String] = []
        var checkpoints = outside
        checkpoints += try await read { db in
            try await db.raw("SELECT seq, hash, at, key_id, public_key, signature FROM audit_checkpoints ORDER BY seq").all()
        }.map { row in
            let atText = try row.decode(column: "at", as: String.self)
            guard let at = Timestamp(iso: atText) else {
                throw StoreError(
                    "audit_checkpoints row of event \(try row.decode(column: "seq", as: Int64.self)): column at holds '\(atText)', not a time"
                )
            }
            return AuditCheckpoint(
                seq: try row.decode(column: "seq", as: Int64.self),
                hash: try row.decode(column: "hash", as: String.self),
                at: at,
                keyId: try row.decode(column: "key_id", as: String.self),
                publicKey: try row.decode(column: "public_key", as: String.self),
                signature: try row.decode(column: "signature", as: String.self)
            )
        }
        // The hashes the checkpoints vouch for, filled in as the walk meets their events.
        var hashesAt = Dictionary(checkpoints.map { ($0.seq, "") }, uniquingKeysWith: { a, _ in a })
        hashesAt[0] = AuditChain.genesis
        // The latest event that changed each audited record: (seq, action, digest).
        var latest: [String: [String: (seq: Int64, action: String, digest: String?)]] = [:]

        var previous = AuditChain.genesis
        var expectedSeq: Int64 = 1
        var lastSeq: Int64 = 0
        var count = 0
        // The last event whose signature held, and the first whose signature did not.
        var lastSigned: Int64 = 0
        var badSignature: (seq: Int64, later: Int)? = nil
        let page = 5_000
        while true {
            let from = expectedSeq
            let rows = try await read { db in
                try await db.raw(
                    """
                    SELECT seq, at, actor, action, record_type, record_id, purpose, digest, prev_hash, hash, signature
                    FROM audit_events WHERE seq >= \(bind: from) ORDER BY seq LIMIT \(bind: page)
                    """
                ).all()
            }
            for row in rows {
                let seq = try row.decode(column: "seq", as: Int64.self)
                if seq != expectedSeq {
                    problems.append("events \(expectedSeq) to \(seq - 1) are missing: deleted")
                }
                let atText = try row.decode(column: "at", as: String.self)
                var entry = AuditEntry(
                    actor: try row.decode(column: "actor", as: String.self),
                    action: try row.decode(column: "action", as: String.self),
                    recordType: try row.decode(column: "record_type", as: String.self),
                    recordID: try row.decode(column: "record_id", as: String.self),
                    purpose: try row.decode(column: "purpose", as: String.self)
                )
                entry.digest = try row.decode(column: "digest", as: String?.self)
                let stored = try row.decode(column: "hash", as: String.self)
                if try row.decode(column: "prev_hash", as: String.self) != previous {
                    problems.append("event \(seq) does not follow event \(seq - 1): an event before it was edited or replaced")
                } else if let at = Timestamp(iso: atText), AuditChain.hash(seq: seq, at: at, entry: entry, previous: previous) == stored {
                    // whole
                } else {
                    problems.append("event \(seq) (\(entry.action) \(entry.recordType) \(entry.recordID)) was edited after it was written")
                }
                if let signature = try row.decode(column: "signature", as: String?.self) {
                    if trusted.isValid(signature: signature, for: AuditChain.eventMessage(seq: seq, hash: stored)) {
                        if badSignature == nil { lastSigned = seq }
                    } else if badSignature == nil {
                        badSignature = (seq, 0)
                    } else {
                        badSignature?.later += 1
                    }
                }
                if hashesAt[seq] != nil { hashesAt[seq] = stored }
                if AuditedRecords.byRecordType[entry.recordType] != nil, AuditedRecords.changes(entry.action) {
                    latest[entry.recordType, default: [:]][entry.recordID] = (seq, entry.action, entry.digest)
                }
                previous = stored
                lastSeq = seq
                expectedSeq = seq + 1
                count += 1
            }
            if rows.count < page { break }
        }

        if let bad = badSignature {
            problems.append(
                "the signature on event \(bad.seq) does not match it"
                    + (bad.later > 0 ? " (nor on the \(bad.later) signed events after it)" : "")
                    + ": events \(lastSigned + 1) to \(bad.seq) were rewritten and the hashes after them recomputed, or signed with another key than \(trusted.id)"
            )
        }

        // The head: where the chain says it ends, signed by the trusted key.
        let head = try await read { db in try await db.raw("SELECT seq, hash, signature, key_id FROM audit_head WHERE id = 1").first() }
        if let head {
            let headSeq = try head.decode(column: "seq", as: Int64.self)
            let headHash = try head.decode(column: "hash", as: String.self)
            if headSeq != lastSeq || headHash != previous {
                problems.append(
                    headSeq > lastSeq
                        ? "the chain ends at event \(lastSeq) but \(headSeq) were written: the newest events were deleted"
                        : "the chain's head says event \(headSeq) but the events go on to \(lastSeq): the head was moved back or events were added outside Limes"
                )
            }
            if let signature = try head.decode(column: "signature", as: String?.self) {
                let keyID = try head.decode(column: "key_id", as: String?.self) ?? "?"
                if !trusted.isValid(signature: signature, for: AuditChain.headMessage(seq: headSeq, hash: headHash)) {
                    problems.append(
                        keyID == trusted.id
                            ? "the chain's head (event \(headSeq)) does not carry a valid signature: it was rewritten outside Limes"
                            : "the chain's head (event \(headSeq)) is signed with key \(keyID), not the trusted key \(trusted.id)"
                    )
                }
            } else {
                problems.append("the chain's head is not signed: it was rewritten outside Limes")
            }
        } else {
            problems.append("the chain's head row is gone")
        }

        // Checkpoints: each signed by the trusted key, and each still matching the chain.
        for checkpoint in checkpoints {
            let name = "the checkpoint of event \(checkpoint.seq) signed at \(checkpoint.at)"
            guard checkpoint.keyId == trusted.id, AuditPublicKey(text: checkpoint.publicKey) == trusted,
                trusted.isValid(
                    signature: checkpoint.signature,
                    for: AuditCheckpoint.message(seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at)
                )
            else {
                problems.append("\(name) is not signed by the trusted key \(trusted.id)")
                continue
            }
            guard let hash = hashesAt[checkpoint.seq], !hash.isEmpty else {
                problems.append("\(name) names an event the chain no longer has: the newest events were cut")
                continue
            }
            if hash != checkpoint.hash {
                problems.append("\(name) does not match the chain: events up to \(checkpoint.seq) were rewritten since")
            }
        }

        // Records: each row as its latest event describes it; each row that events say exists, there.
        var records = 0
        for kind in AuditedRecords.kinds {
            var events = latest[kind.recordType] ?? [:]
            var after: String? = nil
            while true {
                let cursor = after
                let rows = try await read { db in
                    let filter: SQLQueryString = cursor.map { "WHERE \(unsafeRaw: kind.idColumn) > \(bind: $0) " } ?? ""
                    return try await db.raw(
                        "SELECT * FROM \(unsafeRaw: kind.table) " + filter + "ORDER BY \(unsafeRaw: kind.idColumn) LIMIT \(bind: page)"
                    ).all()
                }
                for row in rows {
                    let id = try row.decode(column: kind.idColumn, as: String.self)
                    after = id
                    records += 1
                    let name = "\(kind.recordType.replacingOccurrences(of: "_", with: " ")) \(id)"
                    guard let event = events.removeValue(forKey: id) else {
                        problems.append("\(name) has no audit event: it was written outside Limes")
                        continue
                    }
                    if event.action == AuditedRecords.erase {
                        problems.append("\(name) was erased (event \(event.seq)) but is in the database again")
                    } else if try AuditedRecords.digest(row, kind: kind) != event.digest {
                        problems.append("\(name) does not match its audit event \(event.seq) (\(event.action)): it was changed outside Limes")
                    }
                }
                if rows.count < page { break }
            }
            for (id, event) in events.sorted(by: { $0.value.seq < $1.value.seq }) where event.action != AuditedRecords.erase {
                problems.append(
                    "\(kind.recordType.replacingOccurrences(of: "_", with: " ")) \(id) is gone, but no event erased it (its last event is \(event.seq)): it was deleted outside Limes"
                )
            }
        }
        return AuditVerification(events: count, records: records, checkpoints: checkpoints.count, problems: problems)
    }

    /// Written by the migration that introduced record digests: one `attest` event per audited
    /// record already stored, and the head signed for the first time. It runs once, inside that
    /// migration's transaction; the head is never signed again without an event.
    static func attestRecordsAtUpgrade(_ store: Store, on db: any SQLDatabase) async throws {
        var entries: [AuditEntry] = []
        for kind in AuditedRecords.kinds {
            let rows = try await db.raw("SELECT \(unsafeRaw: kind.idColumn) AS id FROM \(unsafeRaw: kind.table) ORDER BY \(unsafeRaw: kind.idColumn)")
                .all()
            for row in rows {
                entries.append(
                    AuditEntry(
                        actor: "system",
                        action: "attest",
                        recordType: kind.recordType,
                        recordID: try row.decode(column: "id", as: String.self),
                        purpose: "record digests introduced"
                    )
                )
            }
        }
        if entries.isEmpty {
            guard let head = try await db.raw("SELECT seq, hash FROM audit_head WHERE id = 1").first() else {
                throw StoreError("the audit chain has no head row; the database was altered outside Limes")
            }
            try await store.audit.signHead(
                seq: try head.decode(column: "seq", as: Int64.self),
                hash: try head.decode(column: "hash", as: String.self),
                on: db
            )
        } else {
            try await store.audit.append(entries, on: db)
        }
    }

    /// The newest events, newest first, for an administrator's view.
    public func events(recordID: String? = nil, limit: Int = 100) async throws -> [AuditEvent] {
        let rows = try await read { db in
            var query = db.select().columns("*").from("audit_events")
            if let recordID { query = query.where("record_id", .equal, recordID) }
            return try await query.orderBy("seq", .descending).limit(limit).all()
        }
        return try rows.map { row in
            let seq = try row.decode(column: "seq", as: Int64.self)
            let atText = try row.decode(column: "at", as: String.self)
            guard let at = Timestamp(iso: atText) else {
                throw StoreError("audit_events row \(seq): column at holds '\(atText)', not a time")
            }
            return AuditEvent(
                seq: seq,
                at: at,
                actor: try row.decode(column: "actor", as: String.self),
                action: try row.decode(column: "action", as: String.self),
                recordType: try row.decode(column: "record_type", as: String.self),
                recordID: try row.decode(column: "record_id", as: String.self),
                purpose: try row.decode(column: "purpose", as: String.self),
                digest: try row.decode(column: "digest", as: String?.self),
                previousHash: try row.decode(column: "prev_hash", as: String.self),
                hash: try row.decode(column: "hash", as: String.self)
            )
        }
    }

    /// Writes a refusal (403) to the audit trail: who asked for what they may not have.
    public func refusal(user: User, route: String, reason: String) async throws {
        try await record([AuditEntry(actor: user.id, action: "refused", recordType: "route", recordID: route, purpose: reason)])
    }
}
