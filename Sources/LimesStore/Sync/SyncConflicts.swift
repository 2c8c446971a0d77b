import Foundation
import LimesCore
import SQLKit

/// A post's change that headquarters did not apply, kept beside headquarters' record for a
/// person to judge. Both versions stay on file after the judgement.
public struct SyncConflict: Sendable, Hashable {
    public var id: String
    public var node: String
    public var seq: Int64
    public var table: String
    public var recordKey: String
    /// `insert` or `update`.
    public var operation: String
    public var reason: String
    public var at: Timestamp
    /// The record as the post has it.
    public var postRow: [String: SyncValue]
    /// For an update: the record as the post read it before changing it.
    public var prior: [String: SyncValue]?
    /// Headquarters' record under the same key now, if there is one.
    public var current: [String: SyncValue]?
    public var judgement: ConflictJudgement?

    /// Tables whose values only protection staff may read.
    public static let protectionTables: Set<String> = [
        "protection_flags", "safeguard_reviews", "vulnerability_assessments", "age_assessments", "information_given", "referrals",
        "persons_without_documents",
    ]

    public var isProtectionRecord: Bool { Self.protectionTables.contains(table) }

    /// Whether `user` may see the versions' values: those of protection records only with
    /// `read_protection_details`.
    public func valuesShown(to user: User) -> Bool { !isProtectionRecord || user.may(.readProtectionDetails) }

    /// The columns where the three versions do not all agree, in name order.
    public var differences: [String] {
        let versions = [postRow] + [prior, current].compactMap { $0 }
        return Set(versions.flatMap(\.keys)).sorted().filter { name in Set(versions.map { $0[name] ?? .null }).count > 1 }
    }
}

extension NodeStore {
    /// The conflicts kept, newest first: those not judged yet, or those judged. Reading them is
    /// audited per conflict (they hold the records' personal data) as done by `reader`.
    public func conflicts(node: String? = nil, judged: Bool = false, limit: Int = 100, reader: String) async throws -> [SyncConflict] {
        try await transaction { db in
            var query: SQLQueryString = "SELECT * FROM sync_conflicts WHERE judged_at IS \(unsafeRaw: judged ? "NOT NULL" : "NULL")"
            if let node { query += " AND node_id = \(bind: node)" }
            query += " ORDER BY at DESC, seq DESC LIMIT \(bind: limit)"
            var found: [SyncConflict] = []
            for row in try await db.raw(query).all() { found.append(try await Self.conflict(from: row, engine: engine, on: db)) }
            try await appendAudit(
                found.map {
                    AuditEntry(actor: reader, action: "read", recordType: "sync_conflict", recordID: $0.id, purpose: "judging a sync conflict")
                },
                on: db
            )
            return found
        }
    }

    /// Records how a person settled a conflict. A conflict is judged once: a second judgement is
    /// refused (409) and the first stands.
    public func judge(conflict id: String, outcome: ConflictOutcome, note: String, by user: String, at now: Timestamp = Timestamp())
        async throws -> SyncConflict
    {
        let note = try ConflictJudgement.validNote(note)
        return try await transaction { db in
            try await self.refuseOnPost("sync conflicts", on: db)
            guard let row = try await db.raw("SELECT * FROM sync_conflicts WHERE id = \(bind: id)").first() else {
                throw StoreError("no conflict \(id)", code: .notFound, field: "id")
            }
            let judged = try await db.raw(
                """
                UPDATE sync_conflicts SET judged_at = \(bind: now.description), judged_by = \(bind: user), outcome = \(bind: outcome.rawValue),
                    judgement_note = \(bind: note)
                WHERE id = \(bind: id) AND judged_at IS NULL RETURNING id
                """
            ).first()
            guard judged != nil else {
                let conflict = try await Self.conflict(from: row, engine: engine, on: db)
                throw StoreError(
                    "conflict \(id) was judged already by \(conflict.judgement?.by ?? "someone") (\(conflict.judgement?.outcome.rawValue ?? ""))",
                    code: .conflict,
                    field: "id"
                )
            }
            try await appendAudit(
                [AuditEntry(actor: user, action: "sync.conflict.judged", recordType: "sync_conflict", recordID: id, purpose: outcome.rawValue)],
                at: now,
                on: db
            )
            guard let updated = try await db.raw("SELECT * FROM sync_conflicts WHERE id = \(bind: id)").first() else {
                throw StoreError("sync_conflicts \(id) vanished while it was judged")
            }
            return try await Self.conflict(from: updated, engine: engine, on: db)
        }
    }

    static func conflict(from row: any SQLRow, engine: Store.Engine, on db: any SQLDatabase) async throws -> SyncConflict {
        let id = try row.decode(column: "id", as: String.self)
        func values(_ column: String) throws -> [String: SyncValue]? {
            guard let text = try row.decode(column: column, as: String?.self) else { return nil }
            do {
                return try JSONDecoder().decode([String: SyncValue].self, from: Data(text.utf8))
            } catch {
                throw StoreError("sync_conflicts \(id): \(column) is not a record: \(error)")
            }
        }
        guard let postRow = try values("row_data") else { throw StoreError("sync_conflicts \(id): row_data is empty") }
        let tableName = try row.decode(column: "tbl", as: String.self)
        var current: [String: SyncValue]?
        if let table = SyncedTables.upwardByName[tableName] {
            let columns = try await SyncedTables.columns(of: table.name, on: db, engine: engine)
            let key = try SyncedTables.keyCondition(postRow, table: table, columns: columns)
            if let found = try await db.raw("SELECT * FROM \(unsafeRaw: table.name) WHERE " + key).first() {
                current = try SyncedTables.values(of: found, columns: columns, table: table.name)
            }
        }
        var judgement: ConflictJudgement?
        if let at = try row.optionalTime("judged_at", of: "sync_conflicts") {
            let outcomeText = try row.decode(column: "outcome", as: String.self)
            guard let outcome = ConflictOutcome(rawValue: outcomeText) else {
                throw StoreError("sync_conflicts \(id): outcome '\(outcomeText)' is not one this Limes knows")
            }
            judgement = ConflictJudgement(
                outcome: outcome,
                note: try row.decode(column: "judgement_note", as: String.self),
                by: try row.decode(column: "judged_by", as: String.self),
                at: at
            )
        }
        return SyncConflict(
            id: id,
            node: try row.decode(column: "node_id", as: String.self),
            seq: try row.decode(column: "seq", as: Int64.self),
            table: tableName,
            recordKey: try row.decode(column: "record_key", as: String.self),
            operation: try row.decode(column: "op", as: String.self),
            reason: try row.decode(column: "reason", as: String.self),
            at: try row.time("at", of: "sync_conflicts"),
            postRow: postRow,
            prior: try values("prior"),
            current: current,
            judgement: judgement
        )
    }
}
