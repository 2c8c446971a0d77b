import Foundation
import LimesCore
import SQLKit

/// Applies one post's changes inside headquarters' transaction, change by change.
///
/// - An insert whose record is here already, the same, is a copy and is skipped; a different
///   record under the same key is a conflict.
/// - An update applies only if headquarters' record is still what the post changed (every
///   column as the post saw it before); otherwise headquarters' record stays and the post's
///   version is kept in `sync_conflicts`, with an audit event: nothing either side did is lost.
struct BatchApplier {
    let node: String
    let engine: Store.Engine
    let now: Timestamp
    private var columns: [String: [SyncedTables.Column]] = [:]
    private(set) var audit: [AuditEntry] = []
    private(set) var conflicts = 0
    /// The post's own audit events, kept as its chain here.
    private(set) var chain: PostChainReceiver

    init(node: String, key: AuditPublicKey, engine: Store.Engine, now: Timestamp) {
        self.node = node
        self.engine = engine
        self.now = now
        chain = PostChainReceiver(node: node, key: key)
    }

    static let auditedByTable: [String: AuditedRecords.Kind] = Dictionary(uniqueKeysWithValues: AuditedRecords.kinds.map { ($0.table, $0) })

    mutating func apply(_ change: SyncChange, on db: any SQLDatabase) async throws {
        if change.table == SyncedTables.auditEvents {
            try await chain.append(change, on: db)
            return
        }
        let change = try await withHeadquartersDocument(change, on: db)
        guard let table = SyncedTables.upwardByName[change.table] else {
            throw SyncRefusal(.invalid, "change \(change.seq): \(change.table) is not a table a post sends")
        }
        do {
            let columns = try await self.columns(of: table.name, on: db)
            switch change.operation {
            case .insert: try await insert(change, table: table, columns: columns, on: db)
            case .update: try await update(change, table: table, columns: columns, on: db)
            }
        } catch let refusal as SyncRefusal {
            throw refusal
        } catch {
            throw SyncRefusal(
                .invalid,
                "change \(change.seq) (\(change.table) \(SyncedTables.keyText(change.row, table: table))): \(String(describing: error))"
            )
        }
    }

    private mutating func columns(of table: String, on db: any SQLDatabase) async throws -> [SyncedTables.Column] {
        if let known = columns[table] { return known }
        let found = try await SyncedTables.columns(of: table, on: db, engine: engine)
        columns[table] = found
        return found
    }

    private mutating func insert(_ change: SyncChange, table: SyncedTables.Table, columns: [SyncedTables.Column], on db: any SQLDatabase) async throws
    {
        if table.name == "documents", try await isHeadquartersDocument(change, on: db) { return }
        let binds = try SyncedTables.binds(change.row, columns: columns, table: table.name)
        let names = columns.map(\.name).joined(separator: ", ")
        let inserted = try await db.raw(
            "INSERT INTO \(unsafeRaw: table.name) (\(unsafeRaw: names)) VALUES (\(binds: binds)) ON CONFLICT (\(unsafeRaw: table.key.joined(separator: ", "))) DO NOTHING RETURNING \(unsafeRaw: table.key[0])"
        ).first()
        if inserted != nil {
            if table.name == "crossings", case .text(let id)? = change.row["id"] {
                try await StatisticsStore.count(crossing: id, engine: engine, on: db)
            }
            record(change, table: table, action: "sync.create")
            return
        }
        let current = try await currentRow(change.row, table: table, columns: columns, on: db)
        if let current, same(current, change.row, columns: columns) { return }
        try await keepConflict(change, table: table, reason: "a different record with this key is here already", on: db)
    }

    private mutating func update(_ change: SyncChange, table: SyncedTables.Table, columns: [SyncedTables.Column], on db: any SQLDatabase) async throws
    {
        guard let before = change.before else {
            throw SyncRefusal(.invalid, "change \(change.seq): an update without the record as it was before")
        }
        let binds = try SyncedTables.binds(change.row, columns: columns, table: table.name)
        var assignments: SQLQueryString = ""
        for (index, (column, value)) in zip(columns, binds).enumerated() {
            if index > 0 { assignments += ", " }
            assignments += "\(unsafeRaw: column.name) = \(bind: value)"
        }
        let priorBinds = try SyncedTables.binds(before, columns: columns, table: table.name)
        var unchanged: SQLQueryString = ""
        let same = engine == .postgres ? "IS NOT DISTINCT FROM" : "IS"
        for (column, value) in zip(columns, priorBinds) {
            unchanged += " AND \(unsafeRaw: column.name) \(unsafeRaw: same) \(bind: value)"
        }
        let key = try SyncedTables.keyCondition(change.row, table: table, columns: columns)
        let updated = try await db.raw(
            "UPDATE \(unsafeRaw: table.name) SET " + assignments + " WHERE " + key + unchanged + " RETURNING \(unsafeRaw: table.key[0])"
        ).first()
        if updated != nil {
            record(change, table: table, action: "sync.update")
            return
        }
        let current = try await currentRow(change.row, table: table, columns: columns, on: db)
        guard let current else {
            try await keepConflict(change, table: table, reason: "the record is not here", audited: false, on: db)
            return
        }
        if self.same(current, change.row, columns: columns) { return }
        try await keepConflict(change, table: table, reason: "the record was changed here after the post read it", on: db)
    }

    /// The post's document ids that are headquarters' documents under another id.
    private var documentAliases: [String: String]?

    /// A document the post recorded as new, whose passport headquarters holds under another id:
    /// headquarters' document stays, the post's id becomes an alias of it, and the post's
    /// traveller stays a record of its own, kept as a conflict for a person to see (they may be
    /// one person, or two who used one passport).
    private mutating func isHeadquartersDocument(_ change: SyncChange, on db: any SQLDatabase) async throws -> Bool {
        guard case .text(let id)? = change.row["id"], case .text(let issuer)? = change.row["issuer"],
            case .text(let number)? = change.row["number"],
            let here = try await db.raw("SELECT id FROM documents WHERE issuer = \(bind: issuer) AND number = \(bind: number)").first()
        else { return false }
        let target = try here.decode(column: "id", as: String.self)
        guard target != id else { return false }
        try await db.raw(
            "INSERT INTO sync_aliases (node_id, tbl, alias_id, target_id) VALUES (\(bind: node), 'documents', \(bind: id), \(bind: target))"
        ).run()
        documentAliases?[id] = target
        let table = SyncedTables.upwardByName["documents"]!
        try await keepConflict(
            change,
            table: table,
            reason: "document \(issuer) \(number) is recorded here as \(target): the post's traveller is kept apart, its records use \(target)",
            audited: false,
            on: db
        )
        return true
    }

    /// The change with the post's document ids that are aliases read as headquarters' ids.
    private mutating func withHeadquartersDocument(_ change: SyncChange, on db: any SQLDatabase) async throws -> SyncChange {
        let column = change.table == "documents" ? "id" : "document_id"
        guard case .text(let id)? = change.row[column] else { return change }
        if documentAliases == nil {
            documentAliases = try await db.raw("SELECT alias_id, target_id FROM sync_aliases WHERE node_id = \(bind: node) AND tbl = 'documents'")
                .all().reduce(into: [String: String]()) { aliases, row in
                    aliases[try row.decode(column: "alias_id", as: String.self)] = try row.decode(column: "target_id", as: String.self)
                }
        }
        guard let target = documentAliases?[id] else { return change }
        var change = change
        change.row[column] = .text(target)
        if change.before?[column] != nil { change.before?[column] = .text(target) }
        return change
    }

    private func currentRow(_ row: [String: SyncValue], table: SyncedTables.Table, columns: [SyncedTables.Column], on db: any SQLDatabase)
        async throws -> [String: SyncValue]?
    {
        let key = try SyncedTables.keyCondition(row, table: table, columns: columns)
        guard let found = try await db.raw("SELECT * FROM \(unsafeRaw: table.name) WHERE " + key).first() else { return nil }
        return try SyncedTables.values(of: found, columns: columns, table: table.name)
    }

    /// Equal column by column, a whole number equal to the same decimal.
    private func same(_ here: [String: SyncValue], _ sent: [String: SyncValue], columns: [SyncedTables.Column]) -> Bool {
        columns.allSatisfy { column in
            let a = here[column.name] ?? .null
            let b = sent[column.name] ?? .null
            switch (a, b) {
            case (.real(let x), .integer(let y)), (.integer(let y), .real(let x)): return x == Double(y)
            default: return a == b
            }
        }
    }

    private mutating func keepConflict(_ change: SyncChange, table: SyncedTables.Table, reason: String, audited: Bool = true, on db: any SQLDatabase)
        async throws
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let row = String(decoding: try encoder.encode(change.row), as: UTF8.self)
        let before = try change.before.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try await db.raw(
            """
            INSERT INTO sync_conflicts (id, node_id, seq, tbl, record_key, op, row_data, prior, reason, at)
            VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: node), \(bind: change.seq), \(bind: table.name),
                    \(bind: SyncedTables.keyText(change.row, table: table)), \(bind: change.operation.rawValue), \(bind: row), \(bind: before),
                    \(bind: reason), \(bind: now.description))
            """
        ).run()
        conflicts += 1
        // The event vouches for headquarters' record as it stays; the post's is in sync_conflicts.
        if audited { record(change, table: table, action: "sync.conflict") }
    }

    private mutating func record(_ change: SyncChange, table: SyncedTables.Table, action: String) {
        guard let kind = Self.auditedByTable[table.name], case .text(let id)? = change.row[kind.idColumn] else { return }
        audit.append(AuditEntry(actor: "node:" + node, action: action, recordType: kind.recordType, recordID: id, purpose: "sync \(change.seq)"))
    }
}
