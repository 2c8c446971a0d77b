import Foundation
import LimesCore
import SQLKit

/// Headquarters' reference data as posts receive it: every reference table, and the alerts when
/// the watchlist moved. Its version is a digest of the tables' content, so a post that holds it
/// is answered with nothing.
extension NodeStore {
    /// The copy for `node`, or nil when it already holds this version (and this watchlist).
    public func referenceCopy(for node: Node, holding version: String?, watchlist: Int64?, at now: Timestamp = Timestamp()) async throws
        -> ReferenceCopy?
    {
        let copy = try await transaction { db -> ReferenceCopy? in
            var tables: [String: [[String: SyncValue]]] = [:]
            for table in SyncedTables.reference {
                tables[table.name] = try await Self.rows(of: table, on: db, engine: engine)
            }
            let watchlistVersion = try await WatchlistStore.version(on: db)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let digest = Digest.sha256Hex(try encoder.encode(tables))
            let currentVersion = "\(watchlistVersion)-\(digest.prefix(16))"
            // What the post says it holds, for the list of nodes.
            try await db.raw(
                """
                UPDATE nodes SET last_contact = \(bind: now.description), reference_version = \(bind: version), watchlist_version = \(bind: watchlist)
                WHERE id = \(bind: node.id)
                """
            ).run()
            if currentVersion == version, watchlist == watchlistVersion { return nil }
            // The alerts changed since the version the post holds when those changes are known,
            // else every alert.
            var alerts: [[String: SyncValue]]?
            var alertsSince: Int64?
            var alertRemovals: [String]?
            if let watchlist, watchlist > 0, watchlist < watchlistVersion,
                watchlist >= (try await WatchlistStore.changesKnownFrom(on: db))
            {
                alerts = try await Self.rows(of: SyncedTables.alerts, on: db, engine: engine, where: "changed_version > \(bind: watchlist)")
                alertRemovals = try await WatchlistStore.removed(since: watchlist, on: db)
                alertsSince = watchlist
            } else if watchlist != watchlistVersion {
                alerts = try await Self.rows(of: SyncedTables.alerts, on: db, engine: engine)
            }
            try await appendAudit(
                [
                    AuditEntry(
                        actor: "node:" + node.id,
                        action: "read",
                        recordType: "reference",
                        recordID: currentVersion,
                        purpose: "reference data for a post"
                    )
                ],
                at: now,
                on: db
            )
            return ReferenceCopy(
                version: currentVersion,
                watchlistVersion: watchlistVersion,
                tables: tables,
                alerts: alerts,
                alertsSince: alertsSince,
                alertRemovals: alertRemovals
            )
        }
        return copy
    }

    static func rows(of table: SyncedTables.Table, on db: any SQLDatabase, engine: Store.Engine, where condition: SQLQueryString = "1 = 1")
        async throws -> [[String: SyncValue]]
    {
        let columns = try await SyncedTables.columns(of: table.name, on: db, engine: engine)
        let order = table.key.joined(separator: ", ")
        return try await db.raw("SELECT * FROM \(unsafeRaw: table.name) WHERE " + condition + " ORDER BY \(unsafeRaw: order)").all().map {
            try SyncedTables.values(of: $0, columns: columns, table: table.name)
        }
    }
}
