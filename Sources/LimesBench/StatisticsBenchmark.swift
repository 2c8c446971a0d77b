import ArgumentParser
import Foundation
import LimesCore
@_spi(Benchmark) import LimesStore

/// `limes-bench stats`: figures over years of a large country's crossings. Builds the rollups
/// that --crossings crossings over --months months would leave (not the crossings themselves),
/// through the production compaction, then times the tables analysts ask for.
struct StatisticsBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Tables over years of crossings: seconds per table at 100 million crossings.",
        discussion: """
            Simulates --crossings crossings over --months months at 20 BCPs (4 lanes each), with \
            citizenships, BCPs and refusal grounds skewed as at a real border. Months before the last \
            40 days are loaded at one row per month and combination and gathered into the monthly \
            rollup by the same compaction the server runs; the last 40 days keep every day, lane and \
            age. Each table is then read three times; the median is printed, with the rows read. When \
            LIMES_DATABASE_URL names a PostgreSQL server, the same on PostgreSQL in the same run.
            """
    )

    @Option(help: "Crossings to simulate.")
    var crossings = 100_000_000

    @Option(help: "Months they span, ending today.")
    var months = 36

    @Option(help: "Seed of the simulation.")
    var seed: UInt64 = 2026

    func run() async throws {
        #if DEBUG
            print("warning: this is a debug build; figures mean little (swift build -c release --product limes-bench)")
        #endif
        let postgresURL = ProcessInfo.processInfo.environment["LIMES_DATABASE_URL"].flatMap { $0.hasPrefix("postgres") ? $0 : nil }
        var figures: [String: Any] = ["crossings": crossings, "months": months]
        figures["sqlite"] = try await measure(try BenchDatabase.sqlite())
        if let postgresURL { figures["postgres"] = try await measure(try BenchDatabase.postgres(adminURL: postgresURL)) }
        print(String(decoding: try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys]), as: UTF8.self))
    }

    static let bcpCount = 20
    static let grounds = ["A", "B", "C", "D", "E", "F", "G", "H", "I"]

    func measure(_ database: BenchDatabase) async throws -> [String: Any] {
        print("== \(database)")
        defer { database.drop() }
        let store = try await Store.open(database.configuration)
        defer { Task { try? await store.close() } }
        try await store.organisation.saveAgency(Agency(id: "police", name: "Border police", kind: "border_police"))
        for index in 0..<Self.bcpCount {
            try await store.organisation.saveBCP(
                BorderCrossingPoint(
                    code: "B\(index)",
                    name: "BCP \(index)",
                    kind: [.land, .air, .sea][index % 3],
                    country: "UTO",
                    agencyID: "police",
                    lanes: (1...4).map { .init(code: "L\($0)", name: "Lane \($0)") }
                )
            )
        }
        let today = CalendarDate.today()
        let firstMonth = PeriodGranularity.month.start(of: today.adding(days: -30 * (months - 1)))
        let recent = today.adding(days: -40)
        let totalDays = firstMonth.days(until: today) + 1
        let perDay = Double(crossings) / Double(totalDays)
        var random = SplitMix64(seed: seed)
        let started = Date()
        var loaded = 0
        var day = firstMonth
        // Whole months before the recent days: one row per month and combination, ages at their
        // band's youngest, gathered into the monthly rollup and then dropped from the days.
        while PeriodGranularity.month.start(of: day) < PeriodGranularity.month.start(of: recent) {
            let monthEnd = StatPeriod(PeriodGranularity.month.label(of: day))!.last
            var rows: [Key: Int] = [:]
            let count = Int(perDay * Double(day.days(until: monthEnd) + 1))
            for _ in 0..<count { rows[Self.sample(&random, day: day, lane: "L1", coarseAge: true), default: 0] += 1 }
            try await store.statistics.loadForBenchmark(rows.map { $0.key.row($0.value) })
            loaded += rows.count
            _ = try await store.statistics.compact(bands: .eurostat, today: monthEnd.adding(days: 2))
            try await store.statistics.dropDaysForBenchmark(before: monthEnd.adding(days: 1))
            day = monthEnd.adding(days: 1)
        }
        // The recent days in full.
        while day <= today {
            var rows: [Key: Int] = [:]
            for _ in 0..<Int(perDay) {
                let lane = "L\(Int(random.next() % 4) + 1)"
                rows[Self.sample(&random, day: day, lane: lane, coarseAge: false), default: 0] += 1
            }
            try await store.statistics.loadForBenchmark(rows.map { $0.key.row($0.value) })
            loaded += rows.count
            day = day.adding(days: 1)
        }
        _ = try await store.statistics.compact(bands: .eurostat, today: today)
        let sizes = try await store.statistics.rollupSizes()
        print(
            String(
                format: "built in %.0f s: %d rows loaded; rollup rows: %@",
                Date().timeIntervalSince(started),
                loaded,
                "\(sizes.sorted { $0.key < $1.key })"
            )
        )

        let lastMonth = PeriodGranularity.month.start(of: today).adding(days: -1)
        let yearStart = PeriodGranularity.month.start(of: lastMonth.adding(days: -335))
        let quarterStart = PeriodGranularity.month.start(of: lastMonth.adding(days: -62))
        let tables: [(String, StatQuery)] = [
            ("crossings by month, 12 months", StatQuery(measure: .crossings, from: yearStart, to: lastMonth, by: [.period], every: .month)),
            (
                "crossings by citizenship and sex, 12 months",
                StatQuery(measure: .crossings, from: yearStart, to: lastMonth, by: [.citizenship, .sex])
            ),
            ("refusals by BCP and ground, a quarter", StatQuery(measure: .refusals, from: quarterStart, to: lastMonth, by: [.bcp, .ground])),
            ("travellers by month, 12 months", StatQuery(measure: .travellers, from: yearStart, to: lastMonth, by: [.period], every: .month)),
            (
                "crossings by border type, age band and direction, 12 months",
                StatQuery(measure: .crossings, from: yearStart, to: lastMonth, by: [.borderType, .ageBand, .direction])
            ),
            (
                "crossings by BCP, citizenship and age band, 12 months",
                StatQuery(measure: .crossings, from: yearStart, to: lastMonth, by: [.bcp, .citizenship, .ageBand])
            ),
            ("crossings by lane, last 30 days", StatQuery(measure: .crossings, from: today.adding(days: -29), to: today, by: [.bcp, .lane])),
            (
                "crossings by week and direction, last 5 weeks",
                StatQuery(measure: .crossings, from: today.adding(days: -34), to: today, by: [.period, .direction], every: .week)
            ),
            (
                "crossings by citizenship, this year to date",
                StatQuery(measure: .crossings, from: CalendarDate(year: today.year, month: 1, day: 1)!, to: today, by: [.citizenship])
            ),
        ]
        var results: [[String: Any]] = []
        for (name, query) in tables {
            var times: [Double] = []
            var table: StatTable?
            for _ in 0..<3 {
                let start = Date()
                table = try await store.statistics.table(query)
                times.append(Date().timeIntervalSince(start))
            }
            let median = times.sorted()[1]
            print(
                name.padding(toLength: 62, withPad: " ", startingAt: 0)
                    + String(format: " %7.3f s  (%d cells, total %d)", median, table?.cells.count ?? 0, table?.total ?? 0)
            )
            results.append(["table": name, "seconds": median, "cells": table?.cells.count ?? 0])
        }
        // One table protected as a release would be: the facts, then the linear programmes.
        let protectedQuery = StatQuery(measure: .crossings, from: quarterStart, to: lastMonth, by: [.citizenship, .sex])
        let start = Date()
        let need = ReleaseProtection.needs([protectedQuery])
        var facts: [StatSource: StatFacts] = [:]
        for (source, what) in need {
            facts[source] = try await store.statistics.facts(source, dimensions: what.dimensions, from: what.from, to: what.to, periods: .month)
        }
        let protected = try ReleaseProtection.protect([protectedQuery], facts: facts, rules: .standard)
        let seconds = Date().timeIntervalSince(start)
        let withheld = protected[0].cells.filter { $0.value == nil }.count
        print(
            "protected: crossings by citizenship and sex, a quarter".padding(toLength: 62, withPad: " ", startingAt: 0)
                + String(format: " %7.3f s  (%d cells, %d withheld)", seconds, protected[0].cells.count, withheld)
        )
        results.append(["table": "protected citizenship x sex, a quarter", "seconds": seconds, "withheld": withheld])
        return ["rollup_rows": sizes, "tables": results]
    }

    /// One simulated crossing's rollup key.
    struct Key: Hashable {
        var day: CalendarDate
        var bcp: String
        var lane: String
        var direction: String
        var outcome: String
        var ground: String
        var citizenship: String
        var sex: String
        var age: Int
        var document: String

        /// `n` crossings; about half of them a traveller's first of the day and the week, a third
        /// of the month, a quarter of the quarter, a fifth of the year.
        func row(_ n: Int) -> StatisticsStore.DayRow {
            StatisticsStore.DayRow(
                day: day,
                bcp: bcp,
                lane: lane,
                direction: direction,
                outcome: outcome,
                ground: ground,
                citizenship: citizenship,
                sex: sex,
                age: age,
                documentType: document,
                counts: [n, (n + 1) / 2, (n + 1) / 2, (n + 2) / 3, (n + 3) / 4, (n + 4) / 5]
            )
        }
    }

    /// Zipf-like draws: index i with weight 1 / (i + 1), by binary search in the running sums.
    struct Skew {
        let sums: [Double]

        init(_ count: Int) {
            var total = 0.0
            sums = (0..<count).map { index in
                total += 1 / Double(index + 1)
                return total
            }
        }

        func draw(_ random: inout SplitMix64) -> Int {
            let target = Double(random.next() % 1_000_000_007) / 1_000_000_007 * sums[sums.count - 1]
            var low = 0
            var high = sums.count - 1
            while low < high {
                let middle = (low + high) / 2
                if sums[middle] < target { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    static let bcpSkew = Skew(bcpCount)
    static let groundSkew = Skew(grounds.count)
    static let documentSkew = Skew(3)
    static let citizenships = Array(CountryCode.allCodes.filter { $0.count == 3 }.sorted().prefix(150))
    static let citizenshipSkew = Skew(citizenships.count)

    static func sample(_ random: inout SplitMix64, day: CalendarDate, lane: String, coarseAge: Bool) -> Key {
        let refused = random.next() % 100 == 0
        var age = Int(random.next() % 85)
        if coarseAge { age = AgeBands.eurostat.lowerBounds.last { $0 <= age } ?? 0 }
        return Key(
            day: coarseAge ? PeriodGranularity.month.start(of: day) : day,
            bcp: "B\(bcpSkew.draw(&random))",
            lane: lane,
            direction: random.next() % 2 == 0 ? "entry" : "exit",
            outcome: refused ? "refuse" : "admit",
            ground: refused ? grounds[groundSkew.draw(&random)] : "_Z",
            citizenship: citizenships[citizenshipSkew.draw(&random)],
            sex: random.next() % 2 == 0 ? "F" : "M",
            age: age,
            document: ["P", "I", "V"][documentSkew.draw(&random)]
        )
    }
}
