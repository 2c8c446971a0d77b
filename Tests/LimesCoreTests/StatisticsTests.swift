import Testing

@testable import LimesCore

@Suite struct StatPeriodTests {
    @Test func labelsFollowSDMX() {
        let day = CalendarDate(year: 2026, month: 12, day: 8)!
        #expect(PeriodGranularity.day.label(of: day) == "2026-12-08")
        #expect(PeriodGranularity.week.label(of: day) == "2026-W50")
        #expect(PeriodGranularity.month.label(of: day) == "2026-12")
        #expect(PeriodGranularity.quarter.label(of: day) == "2026-Q4")
        #expect(PeriodGranularity.year.label(of: day) == "2026")
        // 1 January 2027 is a Friday: it belongs to the last ISO week of 2026.
        #expect(PeriodGranularity.week.label(of: CalendarDate(year: 2027, month: 1, day: 1)!) == "2026-W53")
        #expect(PeriodGranularity.week.label(of: CalendarDate(year: 2024, month: 12, day: 30)!) == "2025-W01")
    }

    @Test func periodsParseToTheirDays() throws {
        let week = try #require(StatPeriod("2026-W50"))
        #expect(week.first == CalendarDate(year: 2026, month: 12, day: 7) && week.last == CalendarDate(year: 2026, month: 12, day: 13))
        #expect(StatPeriod("2026-Q1")?.last == CalendarDate(year: 2026, month: 3, day: 31))
        #expect(StatPeriod("2024-02")?.last == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(StatPeriod("2026-W54") == nil && StatPeriod("2025-W53") == nil && StatPeriod("2026-Q5") == nil && StatPeriod("26") == nil)
        #expect(StatPeriod.exactly(CalendarDate(year: 2026, month: 10, day: 1)!, CalendarDate(year: 2026, month: 12, day: 31)!)?.label == "2026-Q4")
        #expect(PeriodGranularity.week.yearEarlier("2026-W50") == "2025-W50")
        #expect(PeriodGranularity.quarter.yearEarlier("2026-Q4") == "2025-Q4")
    }

    @Test func ageBandsAreEurostats() {
        let bands = AgeBands.eurostat
        #expect(bands.codes == ["Y_LT14", "Y14-17", "Y18-34", "Y35-64", "Y_GE65", "UNK"])
        let day = CalendarDate(year: 2026, month: 12, day: 8)!
        #expect(bands.code(forAge: AgeBands.age(birth: "2012-12-08", on: day)) == "Y14-17")
        #expect(bands.code(forAge: AgeBands.age(birth: "2012-12-09", on: day)) == "Y_LT14")
        #expect(AgeBands.age(birth: "1990", on: day) == 36)
        #expect(bands.code(forAge: AgeBands.age(birth: "", on: day)) == "UNK")
        #expect(AgeBands(lowerBounds: [18, 14]).problems.first?.field == "lowerBounds")
    }
}

@Suite struct StatQueryTests {
    let today = CalendarDate(year: 2026, month: 12, day: 8)!

    func problem(_ parameters: [(String, String)]) -> StatQuery.Problem? {
        do {
            _ = try StatQuery(parameters: parameters, today: today)
            return nil
        } catch { return error }
    }

    @Test func readsParameters() throws {
        let query = try StatQuery(
            parameters: [("measure", "refusals"), ("period", "2026-Q4"), ("by", "bcp,ground"), ("direction", "entry")],
            today: today
        )
        #expect(query.measure == .refusals && query.by == [.bcp, .ground] && query.filters == [.direction: ["entry"]])
        #expect(query.from == CalendarDate(year: 2026, month: 10, day: 1)!)
        #expect(query.asSource.filters[.outcome] == ["refuse"] && query.asSource.measure == .crossings)
    }

    @Test func namesTheParameterAtFault() {
        #expect(problem([("period", "2026")])?.parameter == "measure")
        #expect(problem([("measure", "visits")])?.parameter == "measure")
        #expect(problem([("measure", "crossings"), ("by", "colour")])?.parameter == "by")
        #expect(problem([("measure", "crossings"), ("by", "ground,ground")])?.parameter == "by")
        #expect(problem([("measure", "hits"), ("by", "lane")])?.parameter == "by")
        #expect(problem([("measure", "crossings"), ("period", "2026-13")])?.parameter == "period")
        #expect(problem([("measure", "crossings"), ("from", "2026-12-01"), ("to", "2026-11-01")])?.parameter == "to")
        #expect(problem([("measure", "crossings"), ("sex", "Q")])?.parameter == "sex")
        #expect(problem([("measure", "crossings"), ("colour", "red")])?.parameter == "colour")
        #expect(problem([("measure", "protectionFlags"), ("bcp", "AIR1")])?.parameter == "bcp")
        #expect(problem([("measure", "travellers"), ("from", "2026-01-03")])?.parameter == "period")
        #expect(problem([("measure", "travellers"), ("period", "2026-12")]) == nil)
    }
}

@Suite struct StatTableTests {
    @Test func cellsAndEveryMargin() {
        let day = CalendarDate(year: 2026, month: 3, day: 2)!
        let facts = StatFacts(
            dimensions: [.bcp, .sex],
            rows: [
                .init(day: day, values: ["A", "F"], count: 3), .init(day: day, values: ["A", "M"], count: 4),
                .init(day: day.adding(days: 40), values: ["B", "F"], count: 5),
            ]
        )
        let query = StatQuery(measure: .crossings, from: day, to: day.adding(days: 60), by: [.period, .bcp], every: .month)
        let table = StatTable.build(query, from: facts)
        #expect(table.total == 12)
        #expect(table.cell(["2026-03", "A"])?.value == 7)
        #expect(table.cell(["2026-04", StatCell.total])?.value == 5)
        #expect(table.cell([StatCell.total, "B"])?.value == 5)
        #expect(table.cell(["2026-04", "A"]) == nil)
        #expect(table.cells.count == 2 + 2 + 2 + 1)
        let filtered = StatTable.build(StatQuery(measure: .crossings, from: day, to: day, filters: [.sex: ["M"]]), from: facts)
        #expect(filtered.total == 4)
    }
}

@Suite struct DisclosureControlTests {
    @Test func linearProgramFindsTheRange() throws {
        // x0 + x1 = 5, x1 + x2 = 3: x1 ranges over [0, 3], x0 over [2, 5].
        let program = LinearProgram(variables: 3, equations: [([0, 1], 5), ([1, 2], 3)])
        let x1 = try #require(program.range(of: [1]))
        #expect(abs(x1.least) < 1e-9 && abs((x1.greatest ?? 0) - 3) < 1e-9)
        let x0 = try #require(program.range(of: [0]))
        #expect(abs(x0.least - 2) < 1e-9 && abs((x0.greatest ?? 0) - 5) < 1e-9)
        #expect(LinearProgram(variables: 1, equations: [([0], 2), ([0], 3)]).feasible == false)
        #expect(LinearProgram(variables: 2, equations: [([0], 2)]).range(of: [1])?.greatest == nil)
    }

    @Test func aSmallCellIsWithheldWithEnoughOthers() throws {
        let day = CalendarDate(year: 2026, month: 3, day: 2)!
        let facts = StatFacts(
            dimensions: [.bcp, .sex],
            rows: [
                .init(day: day, values: ["A", "F"], count: 2), .init(day: day, values: ["A", "M"], count: 40),
                .init(day: day, values: ["B", "F"], count: 30), .init(day: day, values: ["B", "M"], count: 50),
                .init(day: day, values: ["C", "F"], count: 20), .init(day: day, values: ["C", "M"], count: 60),
            ]
        )
        let query = StatQuery(measure: .crossings, from: day, to: day, by: [.bcp, .sex])
        let source = query.source
        let tables = try ReleaseProtection.protect([query], facts: [source: facts], rules: .standard)
        let table = tables[0]
        #expect(table.cell(["A", "F"])?.status == .primary && table.cell(["A", "F"])?.value == nil)
        // Its row and its column each hold another withheld cell, or it could be subtracted out.
        #expect(table.cells.filter { $0.coordinates[0] == "A" && $0.value == nil }.count >= 2)
        #expect(table.cells.filter { $0.coordinates[1] == "F" && $0.value == nil }.count >= 2)
        #expect(table.total == 202)
    }

    @Test func twoTablesSharingAMarginAreProtectedTogether() throws {
        let day = CalendarDate(year: 2026, month: 3, day: 2)!
        var rows: [StatFacts.Row] = []
        var random = SplitMix64(seed: 7)
        for bcp in ["A", "B", "C"] {
            for sex in ["F", "M"] {
                for direction in ["entry", "exit"] {
                    rows.append(.init(day: day, values: [bcp, direction, sex], count: Int(random.next() % 9)))
                }
            }
        }
        let facts = StatFacts(dimensions: [.bcp, .direction, .sex], rows: rows)
        let queries = [
            StatQuery(measure: .crossings, from: day, to: day, by: [.bcp, .sex]),
            StatQuery(measure: .crossings, from: day, to: day, by: [.bcp, .direction]),
        ]
        let tables = try ReleaseProtection.protect(queries, facts: [queries[0].source: facts], rules: .standard)
        // The BCP totals appear in both tables: withheld in one means withheld in the other.
        for bcp in ["A", "B", "C"] {
            #expect((tables[0].cell([bcp, StatCell.total])?.value == nil) == (tables[1].cell([bcp, StatCell.total])?.value == nil))
        }
        #expect(tables.allSatisfy { $0.cells.allSatisfy { $0.value == nil || $0.value! == 0 || $0.value! >= 5 } })
    }
}
