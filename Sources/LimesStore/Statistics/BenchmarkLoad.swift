import LimesCore
import SQLKit

// MARK: For limes-bench only

extension StatisticsStore {
    /// A day's rollup row as `crossing_counts` holds it.
    public struct DayRow: Sendable {
        public var day: CalendarDate
        public var bcp: String
        public var lane: String
        public var direction: String
        public var outcome: String
        public var ground: String
        public var citizenship: String
        public var sex: String
        public var age: Int
        public var documentType: String
        /// crossings, then travellers per day, week, month, quarter and year.
        public var counts: [Int]

        public init(
            day: CalendarDate,
            bcp: String,
            lane: String,
            direction: String,
            outcome: String,
            ground: String,
            citizenship: String,
            sex: String,
            age: Int,
            documentType: String,
            counts: [Int]
        ) {
            self.day = day
            self.bcp = bcp
            self.lane = lane
            self.direction = direction
            self.outcome = outcome
            self.ground = ground
            self.citizenship = citizenship
            self.sex = sex
            self.age = age
            self.documentType = documentType
            self.counts = counts
        }
    }

    /// Loads rollup rows as if crossings had made them, many per statement, so that
    /// `limes-bench stats` can measure figures over years of a large country's crossings
    /// without recording each. Not for anything else: these rows have no crossings behind them.
    @_spi(Benchmark)
    public func loadForBenchmark(_ rows: [DayRow]) async throws {
        for slice in stride(from: 0, to: rows.count, by: 400) {
            let part = rows[slice..<min(slice + 400, rows.count)]
            try await transaction { db in
                var query: SQLQueryString = """
                    INSERT INTO crossing_counts (day, bcp_code, lane_code, direction, outcome, ground, citizenship, sex, age, document_type,
                        crossings, travellers_day, travellers_week, travellers_month, travellers_quarter, travellers_year) VALUES
                    """
                for (index, row) in part.enumerated() {
                    let values: [any Encodable & Sendable] =
                        [
                            row.day.description, row.bcp, row.lane, row.direction, row.outcome, row.ground, row.citizenship, row.sex, row.age,
                            row.documentType,
                        ] + row.counts
                    query += index == 0 ? "(\(binds: values))" : ", (\(binds: values))"
                }
                let finished = query
                try await db.raw(finished).run()
            }
        }
    }

    /// Removes the days of a month already gathered, as a benchmark that only keeps recent
    /// days does; nothing else may call it.
    @_spi(Benchmark)
    public func dropDaysForBenchmark(before day: CalendarDate) async throws {
        try await write { db in try await db.raw("DELETE FROM crossing_counts WHERE day < \(bind: day.description)").run() }
    }

    /// Row counts of the rollups, for the benchmark's report.
    @_spi(Benchmark)
    public func rollupSizes() async throws -> [String: Int] {
        try await read { db in
            var sizes: [String: Int] = [:]
            sizes["days"] = try await db.raw("SELECT count(*) AS n FROM crossing_counts").first()?.decode(column: "n", as: Int.self) ?? 0
            for row in try await db.raw("SELECT level, grain, count(*) AS n FROM crossing_rollups GROUP BY level, grain").all() {
                let name = (try row.decode(column: "level", as: String.self)) + "." + (try row.decode(column: "grain", as: String.self))
                sizes[name] = try row.decode(column: "n", as: Int.self)
            }
            return sizes
        }
    }
}
