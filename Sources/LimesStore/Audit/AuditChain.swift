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

    /// This node's own chain.
    static let local = "local"

    /// Headquarters' copy of post `node`'s chain.
    static func ofNode(_ node: String) -> String { "node:" + node }

    /// The head's and the events' signatures sign different texts, so an event's signature
    /// can never stand in for a head moved back to that event. A post's chain kept at
    /// headquarters names itself, so one post's head cannot stand in for another's; the local
    /// chain's text is the one it always had, so heads signed before chains had names verify.
    static func headMessage(chain: String = local, seq: Int64, hash: String) -> String {
        ((chain == local ? ["limes-audit-head"] : ["limes-audit-head", chain]) + [String(seq), hash]).joined(separator: "\u{1F}")
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
    /// Headquarters: the posts' chains kept here, and their events.
    public var postChains: Int = 0
    public var postEvents: Int = 0
    /// Every problem found, each naming the chain, event, record or checkpoint; empty when all is whole.
    public var problems: [String]
    public var problem: String? { problems.first }
    public var isIntact: Bool { problems.isEmpty }

    public var description: String {
        if problems.isEmpty {
            let posts = postChains == 0 ? "" : "; \(postChains) posts' chains intact: \(postEvents) events, each post's signatures hold"
            return "audit chain intact: \(events) events, head signed, \(records) records match their events, \(checkpoints) checkpoints hold"
                + posts
        }
        return "audit chain broken (\(problems.count) problems):\n" + problems.map { "  - " + $0 }.joined(separator: "\n")
    }
}

/// The audit chains: events, their signed heads and this node's checkpoints. Owns
/// `audit_events`, `audit_heads` and `audit_checkpoints`.
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
        guard let head = try await db.raw(SQLQueryString("SELECT seq, hash FROM audit_heads WHERE chain = 'local'" + lockClause)).first() else {
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
                AuditChain.local, seq, at.description, entry.actor, entry.action, entry.recordType, entry.recordID, entry.purpose, entry.digest,
                previous, hash,
                signature,
            ]
            rows.append("(\(binds: values))")
            previous = hash
        }
        // A retention run may erase thousands of records: keep each statement's binds well
        // under SQLite's limit.
        for chunk in stride(from: 0, to: rows.count, by: 500) {
            try await db.raw(
                "INSERT INTO audit_events (chain, seq, at, actor, action, record_type, record_id, purpose, digest, prev_hash, hash, signature) VALUES "
                    + rows[chunk..<min(chunk + 500, rows.count)].joined(separator: ", ")
            ).run()
        }
        try await store.audit.signHead(seq: seq, hash: previous, on: db)
    }

    /// Signs a chain's head with this node's key: its own chain's, or the head of a post's chain
    /// as it stands here after a batch.
    func signHead(chain: String = AuditChain.local, seq: Int64, hash: String, on db: any SQLDatabase) async throws {
        let signature = try store.auditKey.sign(AuditChain.headMessage(chain: chain, seq: seq, hash: hash))
        try await db.raw(
            """
            UPDATE audit_heads SET seq = \(bind: seq), hash = \(bind: hash), signature = \(bind: signature), key_id = \(bind: store.auditKey.id)
            WHERE chain = \(bind: chain)
            """
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
            guard let head = try await db.raw(SQLQueryString("SELECT seq, hash FROM audit_heads WHERE chain = 'local'" + self.lockClause)).first()
            else {
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

    /// Recomputes every chain: this node's own (its head's signature, every checkpoint in the
    /// database and in `checkpoints`, kept outside, and every audited record against its latest
    /// event) and, at headquarters, each post's as it arrived (every event's hash and link, the
    /// post's signatures with its pinned key, and the head headquarters signed). `trusted` is the
    /// key this node's heads and checkpoints must be signed with (by default this store's own).
    public func verify(trusted: AuditPublicKey? = nil, checkpoints outside: [AuditCheckpoint] = []) async throws -> AuditVerification {
        let trusted = trusted ?? store.auditKey.publicKey
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
        var walk = ChainWalk(chain: AuditChain.local, eventKey: trusted, headKey: trusted, checkpoints: Set(checkpoints.map(\.seq)))
        try await walk.run(on: self)
        var problems = walk.problems
        let latest = walk.latest
        let hashesAt = walk.hashesAt
        let count = walk.count
        let page = 5_000
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
        // Each post's chain, as headquarters received it.
        let posts = try await postChains()
        var postEvents = 0
        for (chain, key) in posts {
            var walk = ChainWalk(chain: chain, eventKey: key, headKey: trusted, checkpoints: [])
            if key == nil { walk.problems.append("there is no enrolled node for this chain: the node's row was deleted outside Limes") }
            try await walk.run(on: self)
            problems += walk.problems.map { "post \(chain.dropFirst("node:".count))'s chain: \($0)" }
            postEvents += walk.count
        }
        return AuditVerification(
            events: count,
            records: records,
            checkpoints: checkpoints.count,
            postChains: posts.count,
            postEvents: postEvents,
            problems: problems
        )
    }

    /// The posts' chains kept here, each with the key its post signs with (nil when no enrolled
    /// node has that chain's name).
    func postChains() async throws -> [(chain: String, key: AuditPublicKey?)] {
        try await read { db in
            let keys = try await db.raw("SELECT id, public_key FROM nodes").all().reduce(into: [String: AuditPublicKey]()) { keys, row in
                let id = try row.decode(column: "id", as: String.self)
                let text = try row.decode(column: "public_key", as: String.self)
                guard let key = AuditPublicKey(text: text) else { throw StoreError("nodes \(id): public_key is not a public key") }
                keys[AuditChain.ofNode(id)] = key
            }
            return try await db.raw("SELECT chain FROM audit_heads WHERE chain <> 'local' ORDER BY chain").all().map { row in
                let chain = try row.decode(column: "chain", as: String.self)
                return (chain, keys[chain])
            }
        }
    }

    /// Written when a database from before record digests is upgraded: one `attest` event per
    /// audited record already stored, and the head signed for the first time. It runs once,
    /// inside a migration's transaction; the head is never signed again without an event.
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
            guard let head = try await db.raw("SELECT seq, hash FROM audit_heads WHERE chain = 'local'").first() else {
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
            var query = db.select().columns("*").from("audit_events").where("chain", .equal, AuditChain.local)
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
