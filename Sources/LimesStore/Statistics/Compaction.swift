import LimesCore
import SQLKit

// MARK: Whole months

extension StatisticsStore {
    /// How far whole months have been gathered into `crossing_counts_monthly`, and with which
    /// age bands.
    struct Compaction: Sendable {
        /// The first day of the last month gathered; nil when none is.
        var through: CalendarDate?
        var bands: AgeBands?

        func covers(_ day: CalendarDate) -> Bool { through.map { PeriodGranularity.month.start(of: day) <= $0 } ?? false }
    }

    /// The monthly rollup's grains, smallest first: the columns each keeps. A table is read from
    /// the first grain that has every column it needs.
    static let grains: [(name: String, columns: Set<String>)] = [
        ("bcp", ["bcp_code", "direction", "outcome", "ground", "document_type"]),
        ("person", ["direction", "outcome", "ground", "citizenship", "sex", "age_band"]),
        ("bcp_citizenship", ["bcp_code", "direction", "outcome", "ground", "citizenship"]),
        ("all", Set(monthlyColumns)),
    ]

    static let monthlyColumns = ["bcp_code", "direction", "outcome", "ground", "citizenship", "sex", "age_band", "document_type"]

    static func bandsKey(_ bands: AgeBands) -> String { bands.lowerBounds.map(String.init).joined(separator: ",") }

    /// - Parameter share: hold the row against a compaction until the caller's transaction ends
    ///   (PostgreSQL; SQLite has one writer at a time).
    static func compaction(on db: any SQLDatabase, share: Bool, engine: Store.Engine) async throws -> Compaction {
        let lock = share && engine == .postgres ? " FOR SHARE" : ""
        guard let row = try await db.raw("SELECT compacted_through, age_bands FROM statistics_state WHERE id = 1\(unsafeRaw: lock)").first() else {
            throw StoreError("statistics_state: the row is missing")
        }
        let through = try row.decode(column: "compacted_through", as: String.self)
        let bands = try row.decode(column: "age_bands", as: String.self)
        var result = Compaction()
        if !through.isEmpty {
            guard let day = CalendarDate(iso: through) else { throw StoreError("statistics_state: compacted_through '\(through)' is not a date") }
            result.through = day
        }
        if !bands.isEmpty {
            let bounds = bands.split(separator: ",").compactMap { Int($0) }
            let parsed = AgeBands(lowerBounds: bounds)
            guard bounds.count == bands.split(separator: ",").count, parsed.problems.isEmpty else {
                throw StoreError("statistics_state: age_bands '\(bands)' are not age bands")
            }
            result.bands = parsed
        }
        return result
    }

    /// SQL giving the band code of `crossing_counts.age`.
    static func bandCase(_ bands: AgeBands) -> String {
        let codes = bands.codes
        var sql = "CASE WHEN age < 0 THEN '\(AgeBands.unknown)'"
        for (index, bound) in bands.lowerBounds.enumerated() { sql += " WHEN age < \(bound) THEN '\(codes[index])'" }
        return sql + " ELSE '\(codes[bands.lowerBounds.count])' END"
    }

    /// Gathers every month that ended at least a day before `today` into the monthly rollup, a
    /// month per transaction; with other age bands than the last time, starts again from the
    /// first month. Returns how many months it gathered. Run by headquarters' server every hour
    /// and by `limes stats compact`.
    public func compact(bands: AgeBands, today: CalendarDate) async throws -> Int {
        // A month is gathered a day after it ends, so that no crossing decided in it can still
        // be on its way into a transaction that did not see the compaction.
        let lastClosed = PeriodGranularity.month.start(of: PeriodGranularity.month.start(of: today.adding(days: -1)).adding(days: -1))
        var gathered = 0
        while true {
            let done = try await transaction { db -> Bool in
                var state = try await StatisticsStore.compaction(on: db, share: false, engine: self.engine)
                let lock = self.engine == .postgres ? " FOR UPDATE" : ""
                _ = try await db.raw("SELECT id FROM statistics_state WHERE id = 1\(unsafeRaw: lock)").first()
                if state.bands != bands {
                    try await db.raw("DELETE FROM crossing_counts_monthly").run()
                    state = Compaction(through: nil, bands: bands)
                }
                let next: CalendarDate
                if let through = state.through {
                    next = StatPeriod(PeriodGranularity.month.label(of: through))!.last.adding(days: 1)
                } else {
                    guard let first = try await db.raw("SELECT min(day) AS day FROM crossing_counts").first()?.decode(column: "day", as: String?.self)
                    else { return true }
                    guard let day = CalendarDate(iso: first) else { throw StoreError("crossing_counts: day '\(first)' is not a date") }
                    next = PeriodGranularity.month.start(of: day)
                }
                guard next <= lastClosed else {
                    try await StatisticsStore.saveCompaction(state, on: db)
                    return true
                }
                let end = StatPeriod(PeriodGranularity.month.label(of: next))!.last
                for grain in StatisticsStore.grains {
                    let columns = StatisticsStore.monthlyColumns.map { column -> String in
                        guard grain.columns.contains(column) else { return "'_T'" }
                        return column == "age_band" ? StatisticsStore.bandCase(bands) : column
                    }
                    let kept = columns.filter { $0 != "'_T'" }.joined(separator: ", ")
                    try await db.raw(
                        """
                        INSERT INTO crossing_counts_monthly (grain, month, \(unsafeRaw: StatisticsStore.monthlyColumns.joined(separator: ", ")),
                            crossings, travellers_month, travellers_quarter, travellers_year)
                        SELECT \(bind: grain.name), \(bind: next.description), \(unsafeRaw: columns.joined(separator: ", ")),
                            SUM(crossings), SUM(travellers_month), SUM(travellers_quarter), SUM(travellers_year)
                        FROM crossing_counts WHERE day >= \(bind: next.description) AND day <= \(bind: end.description)
                        GROUP BY \(unsafeRaw: kept)
                        """
                    ).run()
                }
                state.through = next
                try await StatisticsStore.saveCompaction(state, on: db)
                return false
            }
            if done { return gathered }
            gathered += 1
        }
    }

    static func saveCompaction(_ state: Compaction, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE statistics_state SET compacted_through = \(bind: state.through?.description ?? ""),
                age_bands = \(bind: state.bands.map(bandsKey) ?? "") WHERE id = 1
            """
        ).run()
    }

    /// Adds to the monthly rollup what a crossing of a month already gathered changes: a
    /// post's batch arriving after the month was gathered.
    static func addMonthly(_ crossing: Counted, crossings: Int, travellers: [Int], engine: Store.Engine, on db: any SQLDatabase) async throws {
        // The booth's crossings are today's, in a month not yet gathered: no read at all.
        guard PeriodGranularity.month.start(of: crossing.day) < PeriodGranularity.month.start(of: Timestamp().day) else { return }
        let state = try await compaction(on: db, share: true, engine: engine)
        guard state.covers(crossing.day), let bands = state.bands else { return }
        let full: [String: String] = [
            "bcp_code": crossing.bcp, "direction": crossing.direction, "outcome": crossing.decision.rawValue,
            "ground": crossing.decision == .refuse ? crossing.ground : "_Z", "citizenship": crossing.citizenship, "sex": crossing.sex,
            "age_band": bands.code(forAge: crossing.age >= 0 ? crossing.age : nil), "document_type": crossing.documentType,
        ]
        for grain in grains {
            let values: [any Encodable & Sendable] =
                [grain.name, PeriodGranularity.month.start(of: crossing.day).description]
                + monthlyColumns.map { grain.columns.contains($0) ? full[$0]! : "_T" } + [crossings, travellers[2], travellers[3], travellers[4]]
            try await db.raw(
                """
                INSERT INTO crossing_counts_monthly (grain, month, \(unsafeRaw: monthlyColumns.joined(separator: ", ")),
                    crossings, travellers_month, travellers_quarter, travellers_year)
                VALUES (\(binds: values))
                ON CONFLICT (grain, month, \(unsafeRaw: monthlyColumns.joined(separator: ", "))) DO UPDATE SET
                    crossings = crossing_counts_monthly.crossings + excluded.crossings,
                    travellers_month = crossing_counts_monthly.travellers_month + excluded.travellers_month,
                    travellers_quarter = crossing_counts_monthly.travellers_quarter + excluded.travellers_quarter,
                    travellers_year = crossing_counts_monthly.travellers_year + excluded.travellers_year
                """
            ).run()
        }
    }
}
