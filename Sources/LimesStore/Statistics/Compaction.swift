import LimesCore
import SQLKit

// MARK: Days and months gathered

extension StatisticsStore {
    /// One level of `crossing_rollups`: the days, or the months, each at a few grains.
    struct Level: Sendable {
        var name: String
        var granularity: PeriodGranularity
        /// Smallest first: the columns each keeps. A table is read from the first grain that
        /// has every column it needs.
        var grains: [(name: String, columns: Set<String>)]
        /// The travellers' columns that mean something at this level.
        var travellers: Set<PeriodGranularity>
    }

    static let rollupColumns = ["bcp_code", "lane_code", "direction", "outcome", "ground", "citizenship", "sex", "age_band", "document_type"]

    static let levels: [Level] = [
        Level(
            name: "day",
            granularity: .day,
            grains: [
                ("bcp", ["bcp_code", "lane_code", "direction", "outcome", "ground", "document_type"]),
                ("person", ["direction", "outcome", "ground", "citizenship", "sex", "age_band"]),
                ("bcp_citizenship", ["bcp_code", "direction", "outcome", "ground", "citizenship"]),
                ("bcp_person", ["bcp_code", "direction", "outcome", "ground", "sex", "age_band"]),
            ],
            travellers: Set(PeriodGranularity.allCases)
        ),
        Level(
            name: "month",
            granularity: .month,
            grains: [
                ("bcp", ["bcp_code", "direction", "outcome", "ground", "document_type"]),
                ("person", ["direction", "outcome", "ground", "citizenship", "sex", "age_band"]),
                ("bcp_citizenship", ["bcp_code", "direction", "outcome", "ground", "citizenship"]),
                ("bcp_person", ["bcp_code", "direction", "outcome", "ground", "sex", "age_band"]),
                ("all", Set(rollupColumns).subtracting(["lane_code"])),
            ],
            travellers: [.month, .quarter, .year]
        ),
    ]

    /// How far days and months have been gathered into `crossing_rollups`, and with which bands.
    struct Compaction: Sendable {
        /// The last day gathered, and the first day of the last month gathered.
        var through: [String: CalendarDate] = [:]
        var bands: AgeBands?

        func covers(_ day: CalendarDate, at level: Level) -> Bool {
            through[level.name].map { level.granularity.start(of: day) <= $0 } ?? false
        }
    }

    static func bandsKey(_ bands: AgeBands) -> String { bands.lowerBounds.map(String.init).joined(separator: ",") }

    /// - Parameter share: hold the row against a compaction until the caller's transaction ends
    ///   (PostgreSQL; SQLite has one writer at a time).
    static func compaction(on db: any SQLDatabase, share: Bool, engine: Store.Engine) async throws -> Compaction {
        let lock = share && engine == .postgres ? " FOR SHARE" : ""
        guard
            let row = try await db.raw("SELECT day_through, month_through, age_bands FROM statistics_state WHERE id = 1\(unsafeRaw: lock)").first()
        else { throw StoreError("statistics_state: the row is missing") }
        var result = Compaction()
        for level in levels {
            let text = try row.decode(column: "\(level.name)_through", as: String.self)
            guard !text.isEmpty else { continue }
            guard let day = CalendarDate(iso: text) else { throw StoreError("statistics_state: \(level.name)_through '\(text)' is not a date") }
            result.through[level.name] = day
        }
        let bands = try row.decode(column: "age_bands", as: String.self)
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

    static func saveCompaction(_ state: Compaction, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE statistics_state SET day_through = \(bind: state.through["day"]?.description ?? ""),
                month_through = \(bind: state.through["month"]?.description ?? ""), age_bands = \(bind: state.bands.map(bandsKey) ?? "")
            WHERE id = 1
            """
        ).run()
    }

    /// SQL giving the band code of `crossing_counts.age`.
    static func bandCase(_ bands: AgeBands) -> String {
        let codes = bands.codes
        var sql = "CASE WHEN age < 0 THEN '\(AgeBands.unknown)'"
        for (index, bound) in bands.lowerBounds.enumerated() { sql += " WHEN age < \(bound) THEN '\(codes[index])'" }
        return sql + " ELSE '\(codes[bands.lowerBounds.count])' END"
    }

    /// The last day, or the first day of the last month, that may be gathered on `today`: a day
    /// is gathered two days after it, a month the day after it ends, so that no crossing of it
    /// can still be on its way into a transaction that did not see the compaction.
    static func lastClosed(_ level: Level, today: CalendarDate) -> CalendarDate {
        switch level.granularity {
        case .day: return today.adding(days: -2)
        default: return PeriodGranularity.month.start(of: PeriodGranularity.month.start(of: today.adding(days: -1)).adding(days: -1))
        }
    }

    /// Gathers every day and month that is over into `crossing_rollups`, a month of days or a
    /// month at a time, each in its own transaction; with other age bands than the last time,
    /// starts again from the beginning. Returns how many days and months it gathered. Run by the
    /// server every hour and by `limes stats compact`.
    public func compact(bands: AgeBands, today: CalendarDate) async throws -> Int {
        var gathered = 0
        for level in StatisticsStore.levels {
            while true {
                let done = try await transaction { db -> Int? in
                    let lock = self.engine == .postgres ? " FOR UPDATE" : ""
                    _ = try await db.raw("SELECT id FROM statistics_state WHERE id = 1\(unsafeRaw: lock)").first()
                    var state = try await StatisticsStore.compaction(on: db, share: false, engine: self.engine)
                    if state.bands != bands {
                        try await db.raw("DELETE FROM crossing_rollups").run()
                        state = Compaction(through: [:], bands: bands)
                    }
                    let next: CalendarDate
                    if let through = state.through[level.name] {
                        next = StatPeriod(level.granularity.label(of: through))!.last.adding(days: 1)
                    } else {
                        guard
                            let first = try await db.raw("SELECT min(day) AS day FROM crossing_counts").first()?.decode(
                                column: "day",
                                as: String?.self
                            )
                        else {
                            try await StatisticsStore.saveCompaction(state, on: db)
                            return nil
                        }
                        guard let day = CalendarDate(iso: first) else { throw StoreError("crossing_counts: day '\(first)' is not a date") }
                        next = level.granularity.start(of: day)
                    }
                    let last = StatisticsStore.lastClosed(level, today: today)
                    guard next <= last else {
                        try await StatisticsStore.saveCompaction(state, on: db)
                        return nil
                    }
                    // Days a month at a time; months one at a time.
                    let end =
                        level.granularity == .day
                        ? min(last, StatPeriod(PeriodGranularity.month.label(of: next))!.last)
                        : StatPeriod(PeriodGranularity.month.label(of: next))!.last
                    let start = level.granularity == .day ? "day" : "'\(next.description)'"
                    for grain in level.grains {
                        let columns = StatisticsStore.rollupColumns.map { column -> String in
                            guard grain.columns.contains(column) else { return "'_T'" }
                            return column == "age_band" ? StatisticsStore.bandCase(bands) : column
                        }
                        let kept = ([level.granularity == .day ? "day" : nil] + columns.filter { $0 != "'_T'" }.map { Optional($0) }).compactMap {
                            $0
                        }
                        try await db.raw(
                            """
                            INSERT INTO crossing_rollups (level, grain, start, \(unsafeRaw: StatisticsStore.rollupColumns.joined(separator: ", ")),
                                crossings, travellers_day, travellers_week, travellers_month, travellers_quarter, travellers_year)
                            SELECT \(bind: level.name), \(bind: grain.name), \(unsafeRaw: start), \(unsafeRaw: columns.joined(separator: ", ")),
                                SUM(crossings), SUM(travellers_day), SUM(travellers_week), SUM(travellers_month), SUM(travellers_quarter),
                                SUM(travellers_year)
                            FROM crossing_counts WHERE day >= \(bind: next.description) AND day <= \(bind: end.description)
                            GROUP BY \(unsafeRaw: kept.joined(separator: ", "))
                            """
                        ).run()
                    }
                    state.through[level.name] = level.granularity.start(of: end)
                    try await StatisticsStore.saveCompaction(state, on: db)
                    return level.granularity == .day ? next.days(until: end) + 1 : 1
                }
                guard let done else { break }
                gathered += done
            }
        }
        return gathered
    }

    /// Adds to the gathered rollups what a crossing of a day or month already gathered changes:
    /// a post's batch arriving after it was gathered.
    static func addGathered(_ crossing: Counted, crossings: Int, travellers: [Int], engine: Store.Engine, on db: any SQLDatabase) async throws {
        // The booth's crossings are today's, not gathered: no read at all.
        guard crossing.day <= Timestamp().day.adding(days: -2) else { return }
        let state = try await compaction(on: db, share: true, engine: engine)
        guard let bands = state.bands else { return }
        let full: [String: String] = [
            "bcp_code": crossing.bcp, "lane_code": crossing.lane, "direction": crossing.direction, "outcome": crossing.decision.rawValue,
            "ground": crossing.decision == .refuse ? crossing.ground : "_Z", "citizenship": crossing.citizenship, "sex": crossing.sex,
            "age_band": bands.code(forAge: crossing.age >= 0 ? crossing.age : nil), "document_type": crossing.documentType,
        ]
        for level in levels where state.covers(crossing.day, at: level) {
            for grain in level.grains {
                let values: [any Encodable & Sendable] =
                    [level.name, grain.name, level.granularity.start(of: crossing.day).description]
                    + rollupColumns.map { grain.columns.contains($0) ? full[$0]! : "_T" } + [crossings] + travellers
                let sums = (["crossings"] + travellerColumns.map(\.1)).map { "\($0) = crossing_rollups.\($0) + excluded.\($0)" }
                try await db.raw(
                    """
                    INSERT INTO crossing_rollups (level, grain, start, \(unsafeRaw: rollupColumns.joined(separator: ", ")),
                        crossings, travellers_day, travellers_week, travellers_month, travellers_quarter, travellers_year)
                    VALUES (\(binds: values))
                    ON CONFLICT (level, grain, start, \(unsafeRaw: rollupColumns.joined(separator: ", "))) DO UPDATE SET
                        \(unsafeRaw: sums.joined(separator: ", "))
                    """
                ).run()
            }
        }
    }
}
