import Foundation
import LimesCore
import SQLKit
import Testing

@testable import LimesStore

/// The rollups kept with each crossing, the figures read from them, and releases, on each
/// engine: the rollups always agree with the crossings they count.
@Suite("Statistics in the store")
struct StatisticsStoreTests {
    let day1 = Timestamp(iso: "2026-11-02T08:00:00.000Z")!

    func at(_ days: Int, _ seconds: Int64 = 0) -> Timestamp { day1.adding(seconds: Int64(days) * 86_400 + seconds) }

    @Test(arguments: TestEngine.available) func rollupsAgreeWithTheCrossingsAndGiveTheFigures(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            // BENALI enters, leaves and enters again in November; HADDAD is referred, then refused.
            let benali = try post.passport("BENALI", number: "MA0000001")
            let first = try await post.check(benali, at: at(0))
            _ = try await post.decide(first, .admit, at: at(0, 40))
            let out = try await post.check(benali, direction: .exit, at: at(3))
            _ = try await post.decide(out, .admit, at: at(3, 20))
            let again = try await post.check(benali, at: at(20))
            _ = try await post.decide(again, .admit, at: at(20, 90))
            let haddad = try await post.check(try post.passport("HADDAD", number: "TN0000002", nationality: "TUN"), at: at(1))
            _ = try await post.decide(haddad, .refer, at: at(1, 30))
            _ = try await post.decide(haddad, .refuse, stage: .second, ground: "C", at: at(1, 630))

            #expect(try await post.store.statistics.differences() == [])
            let november = try #require(StatPeriod("2026-11"))
            func table(_ measure: StatMeasure, by: [StatDimension], every: PeriodGranularity = .month, filters: [StatDimension: [String]] = [:])
                async throws -> StatTable
            {
                try await post.store.statistics.table(
                    StatQuery(measure: measure, from: november.first, to: november.last, by: by, every: every, filters: filters)
                )
            }
            let crossings = try await table(.crossings, by: [.direction, .citizenship])
            #expect(crossings.total == 4)
            #expect(crossings.cell(["entry", "MAR"])?.value == 2 && crossings.cell(["exit", StatCell.total])?.value == 1)
            #expect(crossings.cell(["entry", "TUN"])?.value == 1, "the referred check counts once, at its second-line decision")
            let refusals = try await table(.refusals, by: [.ground, .ageBand])
            #expect(refusals.total == 1 && refusals.cell(["C", "Y35-64"])?.value == 1)
            #expect(try await table(.travellers, by: []).total == 2, "BENALI crossed three times in November")
            let weekly = try await table(.travellers, by: [.period], every: .week)
            #expect(weekly.cell(["2026-W45"])?.value == 2 && weekly.cell(["2026-W47"])?.value == 1)
            #expect(weekly.total == 3, "BENALI is counted once in each week he crossed")
            let land = try await table(.crossings, by: [.borderType], filters: [.sex: ["M"], .direction: ["entry"]])
            #expect(land.cell(["land"])?.value == 3)

            let times = try await post.store.statistics.processingTimes(bcp: "NORTH", from: november.first, to: november.last)
            #expect(times.first.total == 4 && times.first.percentile(0.5) == 30 && times.first.percentile(0.9) == 90)
            #expect(times.second.total == 1 && times.second.percentile(0.5) == 600)
            #expect(times.byHour.first { $0.weekday == 1 && $0.hour == 8 }?.first.total == 1, "2 November 2026 is a Monday")
        }
    }

    /// A crossing decided earlier but written later (a post's batch arriving) takes over the
    /// traveller's count for the periods they share, so that totals stay exact.
    @Test(arguments: TestEngine.available) func aCrossingWrittenLateButDecidedEarlierTakesTheTravellersCount(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let passport = try post.passport("BENALI", number: "MA0000001")
            let late = try await post.check(passport, at: at(10))
            _ = try await post.decide(late, .admit, at: at(10, 30))
            let early = try await post.check(passport, direction: .exit, at: at(2))
            _ = try await post.decide(early, .admit, at: at(2, 30))
            let differences = try await post.store.statistics.differences()
            #expect(differences == [])
            let november = try #require(StatPeriod("2026-11"))
            let byDirection = try await post.store.statistics.table(
                StatQuery(measure: .travellers, from: november.first, to: november.last, by: [.direction])
            )
            #expect(byDirection.total == 1 && byDirection.cell(["exit"])?.value == 1 && byDirection.cell(["entry"]) == nil)
            try await post.store.statistics.rebuild(actor: "test")
            #expect(try await post.store.statistics.differences() == [])
        }
    }

    /// What a post records reaches headquarters' rollups with the batch.
    @Test(arguments: TestEngine.available) func crossingsFromAPostAreCountedAtHeadquarters(engine: TestEngine) async throws {
        try await SyncStoreTests().withNodes(engine) { hq, post, node in
            let check = try await post.check(try post.passport("HADDAD", number: "MA0000011"), at: at(1))
            _ = try await post.decide(check, .admit, at: at(1, 20))
            let mine = try await hq.check(try hq.passport("BENALI", number: "MA0000012"), at: at(1))
            _ = try await hq.decide(mine, .admit, at: at(1, 20))
            _ = try await SyncStoreTests().drain(post, to: hq, node: node)
            let query = StatQuery(measure: .crossings, from: at(0).day, to: at(5).day)
            #expect(try await hq.store.statistics.table(query).total == 2)
            #expect(try await hq.store.statistics.differences() == [])
            #expect(try await post.store.statistics.table(query).total == 1)
            #expect(try await post.store.statistics.differences() == [])
        }
    }

    @Test(arguments: TestEngine.available) func hitsAreCountedByListAndOutcome(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let hit = SyncStoreTests().hit()
            let check = try await post.check(try post.passport("ALAOUI", number: "MA0000003"), at: at(1), hits: [hit])
            _ = try await post.decide(check, .refer, at: at(1, 30))
            let table = try await post.store.statistics.table(
                StatQuery(measure: .hits, from: at(0).day, to: at(3).day, by: [.list, .outcome, .ageBand])
            )
            #expect(table.total == 1 && table.cell(["entry_ban", "open", "Y35-64"])?.value == 1)
        }
    }

    @Test(arguments: TestEngine.available) func aReleaseIsStoredAsPublishedAndOnlyWithdrawn(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let query = StatQuery(measure: .crossings, from: at(0).day, to: at(3).day, by: [.direction])
            let release = StatRelease(
                id: "",
                title: "November",
                rules: .standard,
                tables: [try await post.store.statistics.table(query)],
                publishedAt: at(4),
                publishedBy: post.officer.id
            )
            let stored = try await post.store.statistics.publish(release)
            #expect(stored.contentHash.count == 64)
            #expect(try await post.store.statistics.release(id: stored.id) == stored)
            await #expect(throws: StoreError.self) { try await post.store.statistics.withdraw(stored.id, reason: "", actor: post.officer.id) }
            let withdrawn = try await post.store.statistics.withdraw(stored.id, reason: "wrong period", actor: post.officer.id, at: at(5))
            #expect(withdrawn.withdrawn?.reason == "wrong period")
            #expect(try await post.store.statistics.releases().first?.withdrawn?.by == post.officer.id)
            let events = try await post.store.audit.events(recordID: stored.id)
            #expect(events.map(\.action).sorted() == ["create", "withdraw"])
            // Altered in the database, the release is an error, not a figure.
            try await post.store.write { db in
                try await db.raw("UPDATE releases SET content = replace(content, 'November', 'October') WHERE id = \(bind: stored.id)").run()
            }
            await #expect(throws: StoreError.self) { try await post.store.statistics.release(id: stored.id) }
        }
    }

    @Test(arguments: TestEngine.available) func aQueueReportGivesAWaitFromTheLanesThroughput(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            for index in 0..<6 {
                let check = try await post.check(try post.passport("TRAVELLER", number: "MA000010\(index)"), at: at(1, Int64(index) * 300))
                _ = try await post.decide(check, .admit, at: at(1, Int64(index) * 300 + 60))
            }
            // Six decided in the hour before: one every ten minutes; twelve waiting is two hours.
            let queue = try await post.store.statistics.reportQueue(bcp: "NORTH", lane: "L1", waiting: 12, by: post.officer.id, at: at(1, 3000))
            #expect(queue.decidedLastHour == 6 && queue.estimatedWaitMinutes == 120)
            #expect(try await post.store.statistics.queues(bcp: "NORTH") == [queue])
            await #expect(throws: StoreError.self) {
                try await post.store.statistics.reportQueue(bcp: "NORTH", lane: "L9", waiting: 1, by: post.officer.id)
            }
            await #expect(throws: StoreError.self) {
                try await post.store.statistics.reportQueue(bcp: "NORTH", lane: "L1", waiting: -1, by: post.officer.id)
            }
        }
    }

    /// Whole months gathered into the monthly rollup give the same figures as the days, and a
    /// crossing of a gathered month that arrives late is added to both.
    @Test(arguments: TestEngine.available) func gatheredMonthsGiveTheSameFiguresAndTakeLateCrossings(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let benali = try post.passport("BENALI", number: "MA0000001")
            for (index, day) in [-10, 0, 3, 20].enumerated() {
                let check = try await post.check(benali, direction: index % 2 == 0 ? .entry : .exit, at: at(day))
                _ = try await post.decide(check, .admit, at: at(day, 30))
            }
            let haddad = try await post.check(try post.passport("HADDAD", number: "TN0000002", nationality: "TUN"), at: at(1))
            _ = try await post.decide(haddad, .refuse, ground: "C", at: at(1, 30))
            let autumn = StatQuery(
                measure: .crossings,
                from: CalendarDate(year: 2026, month: 10, day: 1)!,
                to: CalendarDate(year: 2026, month: 11, day: 30)!,
                by: [.period, .citizenship, .ageBand],
                every: .month
            )
            let travellers = StatQuery(measure: .travellers, from: autumn.from, to: autumn.to, by: [.period], every: .month)
            let beforeTable = try await post.store.statistics.table(autumn)
            let beforeTravellers = try await post.store.statistics.table(travellers)
            let today = CalendarDate(year: 2026, month: 12, day: 8)!
            // The days from 23 October to 6 December, and October and November.
            #expect(try await post.store.statistics.compact(bands: .eurostat, today: today) == 45 + 2)
            #expect(try await post.store.statistics.compact(bands: .eurostat, today: today) == 0, "nothing more to gather")
            #expect(try await post.store.statistics.differences() == [])
            #expect(try await post.store.statistics.table(autumn) == beforeTable)
            #expect(try await post.store.statistics.table(travellers) == beforeTravellers)
            // Read from the months' rows (dated the first of the month), not the days'.
            let months = try await post.store.statistics.facts(
                .init(measure: .crossings),
                dimensions: [.citizenship],
                from: autumn.from,
                to: autumn.to,
                periods: .month
            )
            #expect(Set(months.rows.map(\.day.day)) == [1] && months.rows.reduce(0) { $0 + $1.count } == 5)
            let days = try await post.store.statistics.facts(
                .init(measure: .crossings),
                dimensions: [.citizenship],
                from: autumn.from,
                to: autumn.to,
                periods: .week
            )
            #expect(Set(days.rows.map(\.day.day)).count > 1)
            #expect(beforeTravellers.cell(["2026-11"])?.value == 2 && beforeTravellers.cell(["2026-10"])?.value == 1)

            // A November crossing written now: the month's rows take it.
            let late = try await post.check(try post.passport("TAZI", number: "MA0000003"), at: at(25))
            _ = try await post.decide(late, .admit, at: at(25, 30))
            #expect(try await post.store.statistics.differences() == [])
            #expect(try await post.store.statistics.table(autumn).total == 6)
            #expect(try await post.store.statistics.table(travellers).cell(["2026-11"])?.value == 3)
            // Lanes and weeks still come from the days.
            let lanes = StatQuery(measure: .crossings, from: autumn.from, to: autumn.to, by: [.lane])
            #expect(try await post.store.statistics.table(lanes).cell(["L1"])?.value == 6)
            // Other bands: the months are gathered again with them.
            #expect(try await post.store.statistics.compact(bands: AgeBands(lowerBounds: [18, 60]), today: today) == 45 + 2)
            #expect(try await post.store.statistics.differences() == [])
            let wide = try await post.store.statistics.table(
                StatQuery(measure: .crossings, from: autumn.from, to: autumn.to, by: [.ageBand]),
                ages: AgeBands(lowerBounds: [18, 60])
            )
            #expect(wide.cell(["Y18-59"])?.value == 6)
        }
    }

    /// A stay past its authorised end is counted on its last authorised day, once that day is
    /// past, as still in the country or left.
    @Test(arguments: TestEngine.available) func overstaysAreCountedOnTheirLastAuthorisedDay(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            // In June: both stays ended before today.
            let june = Timestamp(iso: "2026-06-01T08:00:00.000Z")!
            let entry = try await post.check(try post.passport("BENALI", number: "MA0000001"), at: june)
            let (crossing, _) = try await post.decide(entry, .admit, at: june.adding(seconds: 30))
            let until = try #require(crossing.authorisedUntil)
            let other = try await post.check(try post.passport("HADDAD", number: "MA0000002"), at: june)
            _ = try await post.decide(other, .admit, at: june.adding(seconds: 60))
            // HADDAD leaves a week late; BENALI stays on.
            let late = june.adding(seconds: 97 * 86_400)
            let exit = try await post.check(try post.passport("HADDAD", number: "MA0000002"), direction: .exit, at: late)
            _ = try await post.decide(exit, .admit, at: late.adding(seconds: 30))
            let query = StatQuery(measure: .overstays, from: until.adding(days: -5), to: until.adding(days: 5), by: [.outcome, .citizenship])
            let table = try await post.store.statistics.table(query)
            #expect(table.total == 2 && table.cell(["still_in", "MAR"])?.value == 1 && table.cell(["left", "MAR"])?.value == 1)
            let none = StatQuery(measure: .overstays, from: until.adding(days: 1), to: until.adding(days: 30))
            #expect(try await post.store.statistics.table(none).total == 0)
        }
    }
}
