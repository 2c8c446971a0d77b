import Foundation
import LimesCore
import SQLKit

/// What this database is when it serves a border post: its node id, its headquarters, and how
/// far it has sent and received.
public struct PostIdentity: Sendable, Hashable {
    public var nodeID: String
    public var headquarters: String
    public var referenceVersion: String?
    public var watchlistVersion: Int64?
    /// When the post last took headquarters' reference data (or found it unchanged).
    public var referencePulledAt: Timestamp?
    /// When headquarters last acknowledged a batch.
    public var lastSentAt: Timestamp?
    /// When the post last heard from headquarters at all.
    public var lastContact: Timestamp?
    public var lastError: String?
    /// How far the post has taken the crossings recorded elsewhere (headquarters' position), and when.
    public var crossingsAfter: Int64
    public var crossingsPulledAt: Timestamp?
    /// Outbox numbers: the last written, and the last headquarters acknowledged.
    public var lastSeq: Int64
    public var acknowledgedSeq: Int64
    public var waiting: Int64 { lastSeq - acknowledgedSeq }

    /// What the post's console and verdicts show of it.
    public var link: PostLink {
        PostLink(lastContact: lastContact, watchlistTakenAt: referencePulledAt, crossingsTakenAt: crossingsPulledAt, waiting: waiting)
    }
}

/// A post's side of the service: its outbox (every record it creates or changes, numbered
/// without gaps, written by triggers in the same transaction) and its copy of headquarters'
/// reference data. Owns `node_identity`, `outbox` and `outbox_state`.
public struct OutboxStore: StoreConcept {
    let store: Store
}

extension Store {
    public var outbox: OutboxStore { OutboxStore(store: self) }
}

extension OutboxStore {
    public func identity() async throws -> PostIdentity? {
        try await read { db in try await Self.identity(on: db) }
    }

    static func identity(on db: any SQLDatabase) async throws -> PostIdentity? {
        guard let row = try await db.raw("SELECT * FROM node_identity WHERE id = 1").first() else { return nil }
        guard let state = try await db.raw("SELECT last_seq, acknowledged_seq FROM outbox_state WHERE id = 1").first() else {
            throw StoreError("outbox_state has no row; the database was altered outside Limes")
        }
        return PostIdentity(
            nodeID: try row.decode(column: "node_id", as: String.self),
            headquarters: try row.decode(column: "headquarters", as: String.self),
            referenceVersion: try row.decode(column: "reference_version", as: String?.self),
            watchlistVersion: try row.decode(column: "watchlist_version", as: Int64?.self),
            referencePulledAt: try row.optionalTime("reference_pulled_at", of: "node_identity"),
            lastSentAt: try row.optionalTime("last_sent_at", of: "node_identity"),
            lastContact: try row.optionalTime("last_contact", of: "node_identity"),
            lastError: try row.decode(column: "last_error", as: String?.self),
            crossingsAfter: try row.decode(column: "crossings_after", as: Int64.self),
            crossingsPulledAt: try row.optionalTime("crossings_pulled_at", of: "node_identity"),
            lastSeq: try state.decode(column: "last_seq", as: Int64.self),
            acknowledgedSeq: try state.decode(column: "acknowledged_seq", as: Int64.self)
        )
    }

    /// Makes this database post `nodeID`'s, or checks that it is: a post's records must all go
    /// through its outbox, so a post starts from a database that holds no records yet, and a
    /// post's database never serves as another node. Lays the outbox's triggers anew each time,
    /// so that a column a migration added travels too.
    public func serveAsPost(nodeID: String, headquarters: String) async throws -> PostIdentity {
        try Node.validate(id: nodeID)
        guard engine == .sqlite else { throw StoreError("a post runs on the embedded SQLite database, not PostgreSQL") }
        return try await transaction { db in
            if let existing = try await Self.identity(on: db) {
                guard existing.nodeID == nodeID else {
                    throw StoreError("this database is post \(existing.nodeID)'s, not \(nodeID)'s", code: .conflict)
                }
                try await db.raw("UPDATE node_identity SET headquarters = \(bind: headquarters) WHERE id = 1").run()
            } else {
                if try await db.raw("SELECT id FROM travellers LIMIT 1").first() != nil {
                    throw StoreError(
                        "this database already holds travellers recorded outside a post's outbox; a post starts from a new data folder",
                        code: .conflict
                    )
                }
                try await db.raw("INSERT INTO node_identity (id, node_id, headquarters) VALUES (1, \(bind: nodeID), \(bind: headquarters))").run()
                try await Self.sendChainSoFar(on: db)
            }
            try await Self.layTriggers(on: db)
            guard let identity = try await Self.identity(on: db) else { throw StoreError("node_identity vanished") }
            return identity
        }
    }

    /// A trigger per table and operation copies the new row (and, for a change, the old one)
    /// into the outbox and takes the next number from outbox_state, inside the writer's transaction.
    /// The post's audit events go up as they are written (inserts only: an event is never changed).
    static func layTriggers(on db: any SQLDatabase) async throws {
        let audit = SyncedTables.Table(name: SyncedTables.auditEvents, key: ["chain", "seq"])
        for table in SyncedTables.upward + [audit] {
            let columns = try await SyncedTables.columns(of: table.name, on: db, engine: .sqlite)
            func object(_ prefix: String) -> String { jsonObject(columns, of: prefix) }
            let operations = [("insert", "INSERT", "NULL"), ("update", "UPDATE", object("OLD"))]
            // Copies from headquarters stay out of the outbox; the post's audit events about them do not.
            let guardClause = table.name == audit.name ? "" : " WHEN (SELECT copying FROM outbox_state WHERE id = 1) = 0"
            for (operation, event, prior) in table.name == audit.name ? Array(operations.prefix(1)) : operations {
                let name = "outbox_\(table.name)_\(operation)"
                try await db.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: name)").run()
                try await db.raw(
                    """
                    CREATE TRIGGER \(unsafeRaw: name) AFTER \(unsafeRaw: event) ON \(unsafeRaw: table.name)\(unsafeRaw: guardClause) BEGIN
                        UPDATE outbox_state SET last_seq = last_seq + 1 WHERE id = 1;
                        INSERT INTO outbox (seq, tbl, op, row_data, prior)
                            SELECT last_seq, '\(unsafeRaw: table.name)', '\(unsafeRaw: operation)', \(unsafeRaw: object("NEW")), \(unsafeRaw: prior)
                            FROM outbox_state WHERE id = 1;
                    END
                    """
                ).run()
            }
        }
    }

    /// The audit events written before this database became a post (users, settings) go first,
    /// so that headquarters receives the post's chain from its first event.
    static func sendChainSoFar(on db: any SQLDatabase) async throws {
        guard try await db.raw("SELECT seq FROM outbox LIMIT 1").first() == nil else {
            throw StoreError("the outbox holds changes although this database was not a post's yet; it was altered outside Limes")
        }
        let columns = try await SyncedTables.columns(of: SyncedTables.auditEvents, on: db, engine: .sqlite)
        try await db.raw(
            """
            INSERT INTO outbox (seq, tbl, op, row_data, prior)
            SELECT seq, '\(unsafeRaw: SyncedTables.auditEvents)', 'insert', \(unsafeRaw: jsonObject(columns, of: "audit_events")), NULL
            FROM audit_events WHERE chain = 'local' ORDER BY seq
            """
        ).run()
        try await db.raw("UPDATE outbox_state SET last_seq = (SELECT coalesce(max(seq), 0) FROM outbox) WHERE id = 1").run()
    }

    /// `json_object('a', p.a, 'b', p.b, …)` over the columns: a row as the outbox keeps it.
    static func jsonObject(_ columns: [SyncedTables.Column], of prefix: String) -> String {
        "json_object(" + columns.map { "'\($0.name)', \(prefix).\($0.name)" }.joined(separator: ", ") + ")"
    }

    /// This node's signature over a message for headquarters, with the key that also signs its
    /// audit chain (the key headquarters pinned when it enrolled the post).
    public func sign(_ message: Data) throws -> String {
        try store.auditKey.sign(message)
    }

    /// The next changes headquarters has not acknowledged, oldest first; nil when none wait.
    /// What a batch's records may add up to: half of what headquarters accepts, the rest for
    /// the JSON around them.
    public static let batchBytes = 4 << 20

    public func pending(limit: Int = 500, maxBytes: Int = OutboxStore.batchBytes) async throws -> SyncBatch? {
        try await read { db -> SyncBatch? in
            guard let identity = try await Self.identity(on: db) else { throw StoreError("this database is not a post's") }
            let rows = try await db.raw(
                "SELECT seq, tbl, op, row_data, prior FROM outbox WHERE seq > \(bind: identity.acknowledgedSeq) ORDER BY seq LIMIT \(bind: limit)"
            ).all()
            guard !rows.isEmpty else { return nil }
            // Also cut by size, so that a batch of long records never grows past what
            // headquarters accepts (SyncController.maxBatchBytes): a batch it refused for its size
            // would be sent again and again.
            var kept: [any SQLRow] = []
            var bytes = 0
            for row in rows {
                let size =
                    (try row.decode(column: "row_data", as: String.self).utf8.count)
                    + (try row.decode(column: "prior", as: String?.self)?.utf8.count ?? 0)
                if !kept.isEmpty, bytes + size > maxBytes { break }
                kept.append(row)
                bytes += size
            }
            let decoder = JSONDecoder()
            let changes = try kept.map { row in
                let seq = try row.decode(column: "seq", as: Int64.self)
                let operationText = try row.decode(column: "op", as: String.self)
                guard let operation = SyncChange.Operation(rawValue: operationText) else {
                    throw StoreError("outbox \(seq): op is '\(operationText)', not insert or update")
                }
                func record(_ column: String) throws -> [String: SyncValue]? {
                    guard let text = try row.decode(column: column, as: String?.self) else { return nil }
                    do {
                        return try decoder.decode([String: SyncValue].self, from: Data(text.utf8))
                    } catch {
                        throw StoreError("outbox \(seq): \(column) is not a record: \(error)")
                    }
                }
                guard let values = try record("row_data") else { throw StoreError("outbox \(seq): row_data is empty") }
                return SyncChange(
                    seq: seq,
                    table: try row.decode(column: "tbl", as: String.self),
                    operation: operation,
                    row: values,
                    before: try record("prior")
                )
            }
            let batch = SyncBatch(node: identity.nodeID, changes: changes)
            guard batch.first == identity.acknowledgedSeq + 1, batch.malformation == nil else {
                throw StoreError(
                    "the outbox has a hole after change \(identity.acknowledgedSeq): \(batch.malformation ?? "it holds \(batch.first ?? 0) next")"
                )
            }
            return batch
        }
    }

    /// Headquarters has committed everything up to `applied`: move the cursor there (never
    /// back, never past what was written) and let go of those changes.
    public func acknowledge(_ acknowledgement: SyncAcknowledgement, at now: Timestamp = Timestamp()) async throws {
        try await transaction { db in
            guard let identity = try await Self.identity(on: db) else { throw StoreError("this database is not a post's") }
            guard acknowledgement.node == identity.nodeID else {
                throw StoreError("headquarters acknowledged node \(acknowledgement.node)'s changes, but this is \(identity.nodeID)")
            }
            guard acknowledgement.applied <= identity.lastSeq else {
                throw StoreError(
                    "headquarters says it applied change \(acknowledgement.applied), but this post has written only \(identity.lastSeq): is this the database that was enrolled?"
                )
            }
            let cursor = max(identity.acknowledgedSeq, acknowledgement.applied)
            try await db.raw("UPDATE outbox_state SET acknowledged_seq = \(bind: cursor) WHERE id = 1").run()
            try await db.raw("DELETE FROM outbox WHERE seq <= \(bind: cursor)").run()
            try await db.raw(
                "UPDATE node_identity SET last_sent_at = \(bind: now.description), last_contact = \(bind: now.description), last_error = NULL WHERE id = 1"
            ).run()
        }
    }

    /// Notes what the last exchange with headquarters gave: contact, or the reason it failed.
    public func noteContact(error: String?, at now: Timestamp = Timestamp()) async throws {
        try await write { db in
            if let error {
                try await db.raw("UPDATE node_identity SET last_error = \(bind: error) WHERE id = 1").run()
            } else {
                try await db.raw("UPDATE node_identity SET last_contact = \(bind: now.description), last_error = NULL WHERE id = 1").run()
            }
        }
    }

    /// Takes headquarters' reference data in one transaction. Records are written over, never
    /// deleted (posts' records refer to them), except what a user may do at which BCP, which is
    /// taken whole; sessions of users headquarters deactivated end here.
    public func applyReference(_ copy: ReferenceCopy, at now: Timestamp = Timestamp()) async throws {
        try await transaction { db in
            guard try await Self.identity(on: db) != nil else { throw StoreError("this database is not a post's") }
            for table in SyncedTables.reference {
                guard let rows = copy.tables[table.name] else {
                    throw StoreError("headquarters' reference data has no \(table.name)")
                }
                if table.name == "user_bcps" { try await db.raw("DELETE FROM user_bcps").run() }
                try await Self.upsert(rows, into: table, on: db)
            }
            if let alerts = copy.alerts, let since = copy.alertsSince {
                let held = try await WatchlistStore.version(on: db)
                guard held == since else {
                    throw StoreError("headquarters sent the watchlist's changes since version \(since), but this post holds version \(held)")
                }
                // Kept as headquarters kept them, so that this post's screening index can follow
                // the same changes (WatchlistStore.changes).
                try await WatchlistStore.remove(copy.alertRemovals ?? [], version: copy.watchlistVersion, on: db)
                try await Self.upsert(alerts, into: SyncedTables.alerts, on: db)
                try await db.raw("UPDATE watchlist_version SET version = \(bind: copy.watchlistVersion)").run()
            } else if let alerts = copy.alerts {
                // A whole copy: changes before it are not known here.
                try await db.raw("DELETE FROM alerts").run()
                try await db.raw("DELETE FROM alert_removals").run()
                try await Self.upsert(alerts, into: SyncedTables.alerts, on: db)
                try await db.raw(
                    "UPDATE watchlist_version SET version = \(bind: copy.watchlistVersion), changes_from = \(bind: copy.watchlistVersion)"
                ).run()
            }
            try await db.raw("DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE active = 0)").run()
            try await db.raw(
                """
                UPDATE node_identity SET reference_version = \(bind: copy.version), watchlist_version = \(bind: copy.watchlistVersion),
                    reference_pulled_at = \(bind: now.description), last_contact = \(bind: now.description), last_error = NULL WHERE id = 1
                """
            ).run()
            try await appendAudit(
                [
                    AuditEntry(
                        actor: "headquarters",
                        action: "sync.reference",
                        recordType: "reference",
                        recordID: copy.version,
                        purpose: "reference data"
                    )
                ],
                at: now,
                on: db
            )
        }
    }

    /// Notes that headquarters' reference data is still the version held.
    public func referenceUnchanged(at now: Timestamp = Timestamp()) async throws {
        try await write { db in
            try await db.raw(
                "UPDATE node_identity SET reference_pulled_at = \(bind: now.description), last_contact = \(bind: now.description), last_error = NULL WHERE id = 1"
            ).run()
        }
    }

    static func upsert(_ rows: [[String: SyncValue]], into table: SyncedTables.Table, on db: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        let columns = try await SyncedTables.columns(of: table.name, on: db, engine: .sqlite)
        let names = columns.map(\.name).joined(separator: ", ")
        let updates = columns.filter { !table.key.contains($0.name) && !table.keptAtPost.contains($0.name) }
            .map { "\($0.name) = excluded.\($0.name)" }.joined(separator: ", ")
        let conflict = updates.isEmpty ? "DO NOTHING" : "DO UPDATE SET " + updates
        // Well under SQLite's limit of binds per statement.
        let perStatement = max(1, 30_000 / max(columns.count, 1) / 4)
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            let values = try rows[start..<min(start + perStatement, rows.count)].map { row -> SQLQueryString in
                "(\(binds: try SyncedTables.binds(row, columns: columns, table: table.name)))"
            }
            try await db.raw(
                "INSERT INTO \(unsafeRaw: table.name) (\(unsafeRaw: names)) VALUES " + values.joined(separator: ", ")
                    + " ON CONFLICT (\(unsafeRaw: table.key.joined(separator: ", "))) \(unsafeRaw: conflict)"
            ).run()
        }
    }
}
