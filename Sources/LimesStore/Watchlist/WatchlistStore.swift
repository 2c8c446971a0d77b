import LimesCore
import SQLKit

/// What an import did.
public struct WatchlistImportReport: Sendable, Hashable, CustomStringConvertible {
    public var added: Int
    public var updated: Int
    public var removed: Int
    /// The lists the file held, which `--replace` applies to.
    public var lists: [Alert.List]

    public init(added: Int, updated: Int, removed: Int, lists: [Alert.List]) {
        self.added = added
        self.updated = updated
        self.removed = removed
        self.lists = lists
    }

    public var description: String {
        "\(added) added, \(updated) updated, \(removed) removed (lists: \(lists.map(\.rawValue).joined(separator: ", ")))"
    }
}

/// The watchlist: alerts, the version the screening index was built from, and the clearances
/// officers give a document against an alert. Owns `alerts`, `alert_removals`, `watchlist_version` and `clearances`.
public struct WatchlistStore: StoreConcept {
    let store: Store
}

extension Store {
    public var watchlist: WatchlistStore { WatchlistStore(store: self) }
}

extension WatchlistStore {
    /// Rows per INSERT: SQLite allows 32,766 bound values; 11 columns each.
    static let batchSize = 500
    /// Separates list items inside one column (names, nationalities, documents): a control
    /// character no name or code holds.
    static let unit = "\u{1F}"
    static let record = "\u{1E}"

    /// Stores the alerts of a file in one transaction: each is added or, by id, updated; with
    /// `replace`, alerts of the file's lists that the file no longer holds are removed. If
    /// anything fails, nothing is changed.
    /// `actor`: who imports (a user id, or `cli` and `system`), recorded with the version the
    /// import makes and in the audit chain, as the action behind what partners are then sent.
    public func importAlerts(_ alerts: [Alert], replace: Bool, actor: String = "system") async throws -> WatchlistImportReport {
        let lists = Array(Set(alerts.map(\.list))).sorted { $0.rawValue < $1.rawValue }
        return try await transaction { db in
            try await self.refuseOnPost("watchlists", on: db)
            var existing: [String: String] = [:]
            var partners: [String: String] = [:]
            for row in try await db.raw("SELECT id, list, source FROM alerts").all() {
                let id = try row.decode(column: "id", as: String.self)
                if let source = try row.decode(column: "source", as: String?.self) {
                    partners[id] = source
                } else {
                    existing[id] = try row.decode(column: "list", as: String.self)
                }
            }
            // A partner's alerts are theirs to change or withdraw (ExchangeStore), not a file's.
            if let taken = alerts.first(where: { partners[$0.id] != nil }) {
                throw StoreError(
                    "alert id \(taken.id) is held by an alert from \(partners[taken.id]!); give the national alert another id",
                    field: "id"
                )
            }
            // Every alert this import adds or changes carries the version it makes, and every one it
            // removes is remembered with it: the changes since a version are what posts and the
            // screening index take instead of the whole list.
            let next = try await Self.version(on: db) + 1
            var added = 0
            var start = 0
            while start < alerts.count {
                let batch = alerts[start..<min(start + WatchlistStore.batchSize, alerts.count)]
                var insert = db.insert(into: "alerts").columns(
                    "id",
                    "list",
                    "names",
                    "birth_date",
                    "sex",
                    "nationalities",
                    "documents",
                    "action",
                    "authority",
                    "valid_from",
                    "valid_until",
                    "changed_version"
                )
                for alert in batch {
                    if existing[alert.id] == nil { added += 1 }
                    insert = insert.values(WatchlistStore.row(alert) + [next])
                }
                // An alert the file holds unchanged keeps its version: it is not a change to send.
                let differs = WatchlistStore.Columns.allCases.map { "alerts.\($0.rawValue) IS DISTINCT FROM excluded.\($0.rawValue)" }
                try await insert.onConflict(with: ["id"]) { conflict in
                    var update = conflict
                    for column in WatchlistStore.Columns.allCases { update = update.set(excludedValueOf: column.rawValue) }
                    return update.set(excludedValueOf: "changed_version").where(SQLRaw(differs.joined(separator: " OR ")))
                }.run()
                start += WatchlistStore.batchSize
            }
            var removed = 0
            if replace {
                let kept = Set(alerts.map(\.id))
                let listNames = Set(lists.map(\.rawValue))
                let gone = existing.filter { listNames.contains($0.value) && !kept.contains($0.key) }.map(\.key)
                try await Self.remove(gone, version: next, on: db)
                removed = gone.count
            }
            try await db.raw("UPDATE watchlist_version SET version = \(bind: next)").run()
            let changed =
                try await db.raw("SELECT count(*) AS n FROM alerts WHERE changed_version = \(bind: next)").first()?
                .decode(column: "n", as: Int.self) ?? 0
            let now = Timestamp()
            try await db.insert(into: "watchlist_imports").columns("version", "actor", "at").values(next, actor, now.description).run()
            let report = WatchlistImportReport(added: added, updated: changed - added, removed: removed, lists: lists)
            try await self.appendAudit(
                [
                    AuditEntry(
                        actor: actor,
                        action: "import",
                        recordType: "watchlist",
                        recordID: "version \(next)",
                        purpose: "watchlist import: \(report)"
                    )
                ],
                at: now,
                on: db
            )
            return report
        }
    }

    /// Changes with every import: a server compares it to know when to rebuild its index.
    public func watchlistVersion() async throws -> Int {
        try await read { database in Int(try await Self.version(on: database)) }
    }

    static func version(on db: any SQLDatabase) async throws -> Int64 {
        guard let row = try await db.raw("SELECT version FROM watchlist_version").first() else {
            throw StoreError("watchlist_version has no row: the database was not made by Limes")
        }
        return try row.decode(column: "version", as: Int64.self)
    }

    /// The oldest version whose changes are known since: the changes after an older one (made
    /// before changes were recorded, or before a post took a whole copy) are not.
    static func changesKnownFrom(on db: any SQLDatabase) async throws -> Int64 {
        guard let row = try await db.raw("SELECT changes_from FROM watchlist_version").first() else {
            throw StoreError("watchlist_version has no row: the database was not made by Limes")
        }
        return try row.decode(column: "changes_from", as: Int64.self)
    }

    /// What changed after `version`: the alerts added or changed since, whole, and the ids of
    /// those removed. nil when the changes after that version are not known (take every alert).
    public func changes(since version: Int) async throws -> WatchlistChanges? {
        try await read { db in
            let current = try await Self.version(on: db)
            guard Int64(version) >= (try await Self.changesKnownFrom(on: db)), Int64(version) <= current else { return nil }
            let changed = try await db.raw(
                "SELECT \(unsafeRaw: Self.selected) FROM alerts WHERE changed_version > \(bind: Int64(version)) ORDER BY id"
            ).all().map(Self.alert(from:))
            let removed = try await Self.removed(since: Int64(version), on: db)
            return WatchlistChanges(since: version, version: Int(current), changed: changed, removed: removed)
        }
    }

    /// Removes alerts and remembers each removal with the version that made it, so that the
    /// changes since an earlier version name it.
    static func remove(_ ids: [String], version: Int64, source: String? = nil, on db: any SQLDatabase) async throws {
        for start in stride(from: 0, to: ids.count, by: batchSize) {
            let slice = Array(ids[start..<min(start + batchSize, ids.count)])
            try await db.delete(from: "alerts").where("id", .in, slice).run()
            var removal = db.insert(into: "alert_removals").columns("alert_id", "version", "source")
            for id in slice { removal = removal.values([id, version, source] as [any Encodable & Sendable]) }
            try await removal.onConflict(with: ["alert_id"]) { $0.set(excludedValueOf: "version").set(excludedValueOf: "source") }.run()
        }
    }

    /// A partner's alerts as its messages carry them, under `version`: added or replaced whole
    /// with the message that set them, and withdrawn ones removed (only the partner's own).
    static func applyPartner(
        _ changed: [(alert: Alert, message: String)],
        withdrawn: [String],
        source: String,
        version: Int64,
        on db: any SQLDatabase
    ) async throws {
        for (alert, message) in changed {
            var columns = ["id"] + Columns.allCases.map(\.rawValue)
            columns += ["changed_version", "source", "source_message"]
            let values = row(alert) + [version, source, message] as [any Encodable & Sendable]
            try await db.insert(into: "alerts").columns(columns).values(values).onConflict(with: ["id"]) { conflict in
                var update = conflict
                for column in Columns.allCases { update = update.set(excludedValueOf: column.rawValue) }
                return update.set(excludedValueOf: "changed_version").set(excludedValueOf: "source").set(excludedValueOf: "source_message")
            }.run()
        }
        let held =
            withdrawn.isEmpty
            ? []
            : try await db.select().column("id").from("alerts").where("id", .in, withdrawn).where("source", .equal, source).all()
                .map { try $0.decode(column: "id", as: String.self) }
        try await remove(held, version: version, source: source, on: db)
    }

    /// The national alerts changed after `version` and the national ones removed since: what a
    /// partner may be sent (a partner's alerts are never passed on). nil when the changes after
    /// that version are not known.
    public func nationalChanges(since version: Int) async throws -> WatchlistChanges? {
        try await read { db in
            let current = try await Self.version(on: db)
            guard Int64(version) >= (try await Self.changesKnownFrom(on: db)), Int64(version) <= current else { return nil }
            let changed = try await db.raw(
                "SELECT \(unsafeRaw: Self.selected) FROM alerts WHERE changed_version > \(bind: Int64(version)) AND source IS NULL ORDER BY id"
            ).all().map(Self.alert(from:))
            let removed = try await db.raw(
                "SELECT alert_id FROM alert_removals WHERE version > \(bind: Int64(version)) AND source IS NULL ORDER BY alert_id"
            ).all().map { try $0.decode(column: "alert_id", as: String.self) }
            return WatchlistChanges(since: version, version: Int(current), changed: changed, removed: removed)
        }
    }

    /// Every national alert, and the watchlist's version: what a partner is sent first.
    public func nationalAlerts() async throws -> (alerts: [Alert], version: Int) {
        try await read { db in
            let rows = try await db.raw("SELECT \(unsafeRaw: Self.selected) FROM alerts WHERE source IS NULL ORDER BY id").all()
            return (try rows.map(Self.alert(from:)), Int(try await Self.version(on: db)))
        }
    }

    /// The ids of the alerts removed after `version`.
    static func removed(since version: Int64, on db: any SQLDatabase) async throws -> [String] {
        try await db.raw("SELECT alert_id FROM alert_removals WHERE version > \(bind: version) ORDER BY alert_id").all().map {
            try $0.decode(column: "alert_id", as: String.self)
        }
    }

    static let selected = "id, list, names, birth_date, sex, nationalities, documents, action, authority, valid_from, valid_until"

    /// Every stored alert, for building the screening index.
    public func alerts() async throws -> [Alert] {
        var alerts: [Alert] = []
        let rows = try await read { database in
            try await database.raw("SELECT \(unsafeRaw: Self.selected) FROM alerts ORDER BY id").all()
        }
        alerts.reserveCapacity(rows.count)
        for row in rows { alerts.append(try Self.alert(from: row)) }
        return alerts
    }

    static func alert(from row: any SQLRow) throws -> Alert {
        let id = try row.decode(column: "id", as: String.self)
        let listText = try row.decode(column: "list", as: String.self)
        let actionText = try row.decode(column: "action", as: String.self)
        guard let list = Alert.List(rawValue: listText), let action = Alert.Action(rawValue: actionText) else {
            throw StoreError("alert \(id) has list '\(listText)' or action '\(actionText)' that this Limes does not know")
        }
        func split(_ column: String) throws -> [String] {
            let text = try row.decode(column: column, as: String.self)
            return text.isEmpty ? [] : text.components(separatedBy: WatchlistStore.unit)
        }
        let documents = try split("documents").map { item -> Alert.Document in
            let parts = item.components(separatedBy: WatchlistStore.record)
            return Alert.Document(number: parts[0], country: parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil)
        }
        return Alert(
            id: id,
            list: list,
            names: try split("names"),
            birthDate: try row.decode(column: "birth_date", as: String?.self).map { text in
                guard let date = PartialDate(iso: text) else { throw StoreError("alerts \(id): birth_date '\(text)' is not a date") }
                return date
            },
            sex: try row.decode(column: "sex", as: String?.self).map { text in
                guard let sex = Sex(rawValue: text) else { throw StoreError("alerts \(id): sex '\(text)' is not M, F, X or <") }
                return sex
            },
            nationalities: try split("nationalities"),
            documents: documents,
            action: action,
            authority: try row.decode(column: "authority", as: String?.self),
            validFrom: try row.optionalDay("valid_from", of: "alerts"),
            validUntil: try row.optionalDay("valid_until", of: "alerts")
        )
    }

    public func alertCount() async throws -> Int {
        try await read { database in
            try await database.raw("SELECT count(*) AS n FROM alerts").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    enum Columns: String, CodingKey, CaseIterable {
        case list, names, birth_date, sex, nationalities, documents, action, authority, valid_from, valid_until
    }

    static func row(_ alert: Alert) -> [any Encodable & Sendable] {
        [
            alert.id, alert.list.rawValue, alert.names.joined(separator: unit), alert.birthDate?.description, alert.sex?.rawValue,
            alert.nationalities.joined(separator: unit),
            alert.documents.map { $0.number + record + ($0.country ?? "") }.joined(separator: unit),
            alert.action.rawValue, alert.authority, alert.validFrom?.description, alert.validUntil?.description,
        ]
    }
}
