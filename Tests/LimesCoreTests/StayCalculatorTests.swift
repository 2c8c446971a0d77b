import Foundation
import LimesCore
import Testing

@Suite("Short-stay rule (90 days in any 180)")
struct StayCalculatorTests {
    func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    /// The rule as it reads: for each day, count the counted days of the window ending there.
    /// Slow, and plainly right: the calculator must agree with it.
    static func byTheLetter(stays: [StayPeriod], rule: StayRule, direction: Direction, today: CalendarDate) -> (days: Int?, latestExit: CalendarDate?)
    {
        let open = stays.last { $0.exit == nil && $0.entry <= today }
        let current = direction == .exit ? open : nil
        var counted = Set<Int>()
        for stay in stays where stay.basis.counts && stay != current {
            for d in stay.entry.daysSinceEpoch...(stay.exit ?? (stay == open ? today : stay.entry)).daysSinceEpoch { counted.insert(d) }
        }
        func used(_ day: Int) -> Int { ((day - rule.windowDays + 1)...day).filter { counted.contains($0) }.count }
        switch direction {
        case .entry:
            var allowed = 0
            for day in today.daysSinceEpoch..<(today.daysSinceEpoch + rule.maxDays) {
                counted.insert(day)
                if used(day) > rule.maxDays { break }
                allowed += 1
            }
            return (allowed, allowed > 0 ? today.adding(days: allowed - 1) : nil)
        case .exit:
            guard let current, current.basis.counts else { return (nil, nil) }
            for day in current.entry.daysSinceEpoch...(today.daysSinceEpoch + rule.maxDays) {
                counted.insert(day)
                if used(day) > rule.maxDays { return (nil, CalendarDate(daysSinceEpoch: day - 1)) }
            }
            return (nil, nil)
        }
    }

    @Test func agreesWithTheRuleCountedDayByDayOnRandomHistories() {
        var random = SplitMix64(seed: 90_180)
        let today = day("2026-11-22")
        for n in 0..<400 {
            var stays: [StayPeriod] = []
            var entry = today.adding(days: -Int.random(in: 120...400, using: &random))
            while entry < today {
                let exit = entry.adding(days: Int.random(in: 0...60, using: &random))
                let basis: StayBasis = Int.random(in: 0..<10, using: &random) == 0 ? .residencePermit : .shortStay
                if exit >= today {
                    stays.append(StayPeriod(entry: entry, exit: nil, basis: basis))
                    break
                }
                stays.append(StayPeriod(entry: entry, exit: exit, basis: basis))
                entry = exit.adding(days: Int.random(in: 1...90, using: &random))
            }
            let rule = n % 3 == 0 ? StayRule(maxDays: 30, windowDays: 60) : .schengen
            for direction in [Direction.entry, .exit] {
                let assessed = StayCalculator.assess(stays: stays, rule: rule, direction: direction, today: today)
                let expected = Self.byTheLetter(stays: stays, rule: rule, direction: direction, today: today)
                #expect(assessed.latestExit == expected.latestExit, "history \(n), \(direction): \(stays)")
                if direction == .entry { #expect(assessed.daysRemaining == expected.days, "history \(n): \(stays)") }
            }
        }
    }

    /// The whole path from recorded crossings (as a check reads them: any BCP, refusals and
    /// referrals among them, same-day entries and exits, lost exits, open stays) to the stay,
    /// against an oracle that marks each day the record places the person inside and counts
    /// each window: the last entry with no exit since holds every day up to today; an entry
    /// followed by another entry (its exit lost) holds its own day; an exit with no entry
    /// before it holds none.
    @Test func agreesWithAnOracleOverRecordedCrossings() {
        var random = SplitMix64(seed: 2026_1201)
        let today = day("2026-11-22")
        let policy = EntryPolicy.example(country: "UTO")
        let bcps = ["UTO-AIR", "UTO-NORTH", "UTO-PORT"]
        var openStays = 0, lostExits = 0, sameDay = 0
        let documents = [
            "MAR": try! CheckAssessorTests().passport(nationality: "MAR"), "GHA": try! CheckAssessorTests().passport(nationality: "GHA"),
        ]
        // Thousands in CI (scripts/test sets LIMES_THOROUGH=1); a few hundred at a developer's desk.
        let count = ProcessInfo.processInfo.environment["LIMES_THOROUGH"] == "1" ? 3_000 : 400
        for n in 0..<count {
            var history: [PastCrossing] = []
            var moment = today.adding(days: -Int.random(in: 1...400, using: &random))
            var inside = Bool.random(using: &random)
            while moment <= today {
                // Mostly alternating, sometimes an entry again (a lost exit) or an exit again.
                let roll = Int.random(in: 0..<10, using: &random)
                let direction: Direction = roll == 0 ? (inside ? .entry : .exit) : (inside ? .exit : .entry)
                let decision: Decision = Int.random(in: 0..<12, using: &random) == 0 ? .refuse : .admit
                let basis: StayBasis = Int.random(in: 0..<12, using: &random) == 0 ? .residencePermit : .shortStay
                history.append(
                    PastCrossing(
                        day: moment,
                        direction: direction,
                        decision: decision,
                        stayBasis: basis,
                        bcp: bcps.randomElement(using: &random)!,
                        ground: nil
                    )
                )
                if decision == .admit { inside = direction == .entry }
                let gap = [0, 0, 1, 3, 10, 30, 60, 95][Int.random(in: 0..<8, using: &random)]
                if gap == 0 { sameDay += 1 }
                moment = moment.adding(days: gap)
            }
            let admitted = history.filter { $0.decision == .admit }
            if admitted.last?.direction == .entry { openStays += 1 }
            if zip(admitted, admitted.dropFirst()).contains(where: { $0.direction == .entry && $1.direction == .entry }) { lostExits += 1 }
            for direction in [Direction.entry, .exit] {
                let nationality = n % 2 == 0 ? "MAR" : "GHA"
                let facts = CheckFacts(
                    document: documents[nationality]!,
                    documentChecks: [],
                    direction: direction,
                    today: today,
                    policy: policy,
                    visa: nil,
                    declaredBasis: nil,
                    history: history,
                    hits: []
                )
                let expected = Self.oracle(history, rule: policy.group(of: nationality).stay!, direction: direction, today: today)
                let stay = facts.stay
                let got = Oracle(daysUsed: stay.daysUsed, daysRemaining: stay.daysRemaining, latestExit: stay.latestExit, overstay: stay.overstayDays)
                #expect(got == expected, "history \(n), \(direction): \(history.map { "\($0.day) \($0.direction) \($0.decision) \($0.stayBasis)" })")
                if got != expected { return }
            }
        }
        #expect(
            openStays > count / 6 && lostExits > count / 10 && sameDay > count / 3,
            "the histories cover the hard cases: \(openStays) open stays, \(lostExits) with lost exits, \(sameDay) same-day crossings"
        )
    }

    struct Oracle: Equatable {
        var daysUsed: Int
        var daysRemaining: Int?
        var latestExit: CalendarDate?
        var overstay: Int
    }

    /// Days as flags from 800 days before today to 200 after: plain, and fast enough in debug.
    struct Days {
        let origin: Int
        var flags = [Bool](repeating: false, count: 1_000)
        init(today: Int) { origin = today - 800 }
        mutating func insert(_ day: Int) { flags[day - origin] = true }
        func used(_ day: Int, window: Int) -> Int { ((day - window + 1)...day).reduce(0) { $0 + (flags[$1 - origin] ? 1 : 0) } }
    }

    static func oracle(_ history: [PastCrossing], rule: StayRule, direction: Direction, today: CalendarDate) -> Oracle {
        let t = today.daysSinceEpoch
        var inside = Days(today: t)
        var open: PastCrossing?
        for crossing in history where crossing.decision == .admit {
            switch crossing.direction {
            case .entry:
                if let lost = open, lost.stayBasis.counts { inside.insert(lost.day.daysSinceEpoch) }
                open = crossing
            case .exit:
                if let entry = open, entry.stayBasis.counts {
                    for d in entry.day.daysSinceEpoch...crossing.day.daysSinceEpoch { inside.insert(d) }
                }
                open = nil
            }
        }
        let window = rule.windowDays
        switch direction {
        case .entry:
            if let entry = open, entry.stayBasis.counts { for d in entry.day.daysSinceEpoch...t { inside.insert(d) } }
            var future = inside
            var allowed = 0
            for d in t..<(t + rule.maxDays) {
                future.insert(d)
                if future.used(d, window: window) > rule.maxDays { break }
                allowed += 1
            }
            return Oracle(
                daysUsed: inside.used(t, window: window),
                daysRemaining: allowed,
                latestExit: allowed > 0 ? today.adding(days: allowed - 1) : nil,
                overstay: 0
            )
        case .exit:
            guard let entry = open, entry.stayBasis.counts else {
                return Oracle(daysUsed: inside.used(t, window: window), daysRemaining: nil, latestExit: nil, overstay: 0)
            }
            var walked = inside
            var firstOver: Int?
            for d in entry.day.daysSinceEpoch...(t + rule.maxDays) {
                walked.insert(d)
                if walked.used(d, window: window) > rule.maxDays {
                    firstOver = d
                    break
                }
            }
            for d in entry.day.daysSinceEpoch...t { inside.insert(d) }
            return Oracle(
                daysUsed: inside.used(t, window: window),
                daysRemaining: nil,
                latestExit: firstOver.map { CalendarDate(daysSinceEpoch: $0 - 1) },
                overstay: firstOver.map { max(0, t - $0 + 1) } ?? 0
            )
        }
    }

    @Test func aStayBegunLongAgoOverstaysFromItsNinetyFirstDay() {
        // Entered more than 270 days ago and never left: the windows of those early days must
        // be counted too (they once were not, and the overstay came out months too short).
        let stays = [StayPeriod(entry: day("2025-11-01"), exit: nil)]
        let assessed = StayCalculator.assess(stays: stays, rule: .schengen, direction: .exit, today: day("2026-11-22"))
        #expect(assessed.latestExit == day("2026-01-29"))
        #expect(assessed.overstayDays == 297)
    }

    @Test func aFirstEntryHasTheWholeAllowance() {
        let result = StayCalculator.assess(stays: [], rule: .schengen, direction: .entry, today: day("2026-03-01"))
        #expect(result.daysRemaining == 90)
        #expect(result.daysUsed == 0)
        #expect(result.latestExit == day("2026-05-29"), "1 March plus 89 days: the day of entry counts as day 1")
    }

    @Test func entryAndExitDaysBothCount() {
        // 1 to 10 January: ten days, not nine.
        let stays = [StayPeriod(entry: day("2026-01-01"), exit: day("2026-01-10"))]
        let result = StayCalculator.assess(stays: stays, rule: .schengen, direction: .entry, today: day("2026-02-01"))
        #expect(result.daysUsed == 10)
        #expect(result.daysRemaining == 80)
    }

    @Test func theWindowLooksBackFromEachDayOfTheStay() {
        // 90 days used from 1 January to 31 March: on 1 June (day 152 of the year) the window
        // [3 Dec .. 1 Jun] still holds all 90, so no day is free. The first days drop out of
        // the window only from 30 June on.
        let stays = [StayPeriod(entry: day("2026-01-01"), exit: day("2026-03-31"))]
        let june = StayCalculator.assess(stays: stays, rule: .schengen, direction: .entry, today: day("2026-06-01"))
        #expect(june.daysUsed == 90)
        #expect(june.daysRemaining == 0)
        #expect(june.latestExit == nil)
        // On 30 June the window is [2 Jan .. 30 Jun]: 1 January is out, one day is free, and
        // each further day frees the next, so the traveller may stay on.
        let lateJune = StayCalculator.assess(stays: stays, rule: .schengen, direction: .entry, today: day("2026-06-30"))
        #expect(lateJune.daysUsed == 89)
        #expect(lateJune.daysRemaining == 90)
    }

    @Test func aRollingWindowLimitsALaterStay() {
        // 60 days in May and June; re-entry on 1 August: the window of each later day still
        // holds most of them, so the stay is cut short.
        let stays = [StayPeriod(entry: day("2026-05-01"), exit: day("2026-06-29"))]
        let result = StayCalculator.assess(stays: stays, rule: .schengen, direction: .entry, today: day("2026-08-01"))
        #expect(result.daysUsed == 60)
        #expect(result.daysRemaining == 30)
        #expect(result.latestExit == day("2026-08-30"))
    }

    @Test func daysUnderAResidencePermitDoNotCount() {
        let stays = [
            StayPeriod(entry: day("2026-01-01"), exit: day("2026-03-31"), basis: .residencePermit),
            StayPeriod(entry: day("2026-04-10"), exit: day("2026-04-19")),
        ]
        let result = StayCalculator.assess(stays: stays, rule: .schengen, direction: .entry, today: day("2026-05-01"))
        #expect(result.daysUsed == 10)
        #expect(result.daysRemaining == 80)
    }

    @Test func anExitAfterTheLimitShowsTheOverstay() {
        // Entered 1 January, leaving 5 April: 95 days, the last 5 over the limit.
        let stays = [StayPeriod(entry: day("2026-01-01"), exit: nil)]
        let result = StayCalculator.assess(stays: stays, rule: .schengen, direction: .exit, today: day("2026-04-05"))
        #expect(result.stayStarted == day("2026-01-01"))
        #expect(result.latestExit == day("2026-03-31"))
        #expect(result.overstayDays == 5)
        let onTime = StayCalculator.assess(stays: stays, rule: .schengen, direction: .exit, today: day("2026-03-31"))
        #expect(onTime.overstayDays == 0)
        #expect(onTime.latestExit == day("2026-03-31"))
    }

    @Test func noRuleMeansNoLimit() {
        let result = StayCalculator.assess(stays: [], rule: nil, direction: .entry, today: day("2026-01-01"))
        #expect(result.daysRemaining == nil)
        #expect(result.rule == nil)
    }

    @Test func crossingsPairIntoStaysAndALostExitIsNamed() {
        let crossings: [(day: CalendarDate, direction: Direction, basis: StayBasis)] = [
            (day("2026-01-01"), .entry, .shortStay),
            (day("2026-01-05"), .exit, .shortStay),
            (day("2026-02-01"), .entry, .shortStay),
            (day("2026-03-01"), .entry, .shortStay),
        ]
        let paired = StayPeriod.from(crossings)
        #expect(paired.stays.count == 3)
        #expect(paired.missingExits == [day("2026-02-01")])
        #expect(paired.stays.last?.exit == nil)
    }
}

@Suite("Verdict")
struct CheckAssessorTests {
    let today = CalendarDate(iso: "2026-11-22")!

    func passport(nationality: String = "MAR", expiry: CalendarDate = CalendarDate(iso: "2030-01-01")!) throws -> MRZDocument {
        let text = try MRZWriter.passport(
            issuer: nationality,
            number: "AB1234567",
            surname: "EL AMRANI",
            givenNames: "YOUSSEF",
            nationality: nationality,
            birthDate: CalendarDate(iso: "1990-05-17")!,
            sex: .male,
            expiry: expiry
        )
        return try MRZParser(today: today).parse(text)
    }

    func facts(_ document: MRZDocument, group: NationalityGroup, visa: MRZDocument? = nil, hits: [ScreeningHit] = []) -> CheckFacts {
        CheckFacts(
            document: document,
            documentChecks: DocumentChecker().check(document, today: today),
            direction: .entry,
            today: today,
            group: group,
            visa: visa,
            stayBasis: .shortStay,
            stay: StayCalculator.assess(stays: [], rule: group.stay, direction: .entry, today: today),
            missingExits: [],
            hits: hits,
            earlierRefusals: []
        )
    }

    @Test func aWrittenPassportReadsBackWithValidCheckDigits() throws {
        let document = try passport()
        #expect(document.isValid)
        #expect(document.surname == "EL AMRANI")
        #expect(document.documentNumber == "AB1234567")
    }

    @Test func aVisaExemptTravellerWithNothingAgainstIsClear() throws {
        let policy = EntryPolicy.example(country: "UTO")
        let verdict = CheckAssessor.assess(facts(try passport(), group: policy.group(of: "MAR")))
        #expect(verdict.level == .clear)
        #expect(verdict.reasons.contains { $0.code == "stay.remaining" && $0.message.hasPrefix("90 days of stay remaining") })
    }

    @Test func aMissingVisaRefersWithGroundC() throws {
        let policy = EntryPolicy.example(country: "UTO")
        let document = try passport(nationality: "PAK")
        let verdict = CheckAssessor.assess(facts(document, group: policy.group(of: "PAK")))
        #expect(verdict.level == .refer)
        #expect(verdict.reasons.first?.code == "visa.missing")
        #expect(verdict.reasons.first?.ground == "C")
    }

    @Test func anExpiredPassportStops() throws {
        let policy = EntryPolicy.example(country: "UTO")
        let document = try passport(expiry: CalendarDate(iso: "2026-01-01")!)
        let verdict = CheckAssessor.assess(facts(document, group: policy.group(of: "MAR")))
        #expect(verdict.level == .stop)
        #expect(verdict.reasons.first?.code == "document.expired")
        #expect(verdict.reasons.first?.ground == "A")
    }

    @Test func aStrongHitToRefuseEntryStopsAndAClearedOneDoesNot() throws {
        let policy = EntryPolicy.example(country: "UTO")
        let hit = ScreeningHit(
            alertID: "EB-1",
            list: .entryBan,
            action: .refuseEntry,
            score: 0.97,
            band: .strong,
            evidence: [HitEvidence(.nameEqual, ["role": "surname", "part": "EL AMRANI"])],
            matchedName: "EL AMRANI YOUSSEF"
        )
        let stopped = CheckAssessor.assess(facts(try passport(), group: policy.group(of: "MAR"), hits: [hit]))
        #expect(stopped.level == .stop)
        #expect(stopped.reasons.first?.ground == "H")
        var cleared = hit
        cleared.previouslyCleared = Clearance(
            alertID: "EB-1",
            documentKey: "MAR/AB1234567",
            officer: "K. Idrissi",
            day: today,
            reason: "other person"
        )
        let passed = CheckAssessor.assess(facts(try passport(), group: policy.group(of: "MAR"), hits: [cleared]))
        #expect(passed.level == .clear)
        #expect(passed.reasons.contains { $0.code == "watchlist.cleared" && $0.message.contains("K. Idrissi") })
    }

    @Test func aVisaForSomeoneElseRefers() throws {
        let policy = EntryPolicy.example(country: "UTO")
        let document = try passport(nationality: "PAK")
        // A visa MRZ (MRV-A) for another birth date.
        let visaText =
            "VCUTOEL<AMRANI<<YOUSSEF<<<<<<<<<<<<<<<<<<<<<\n"
            + "V1234567<2PAK9105178M2712313<<<<<<<<<<<<<<<<"
        let parsed = try MRZParser(today: today).parse(visaText)
        let verdict = CheckAssessor.assess(facts(document, group: policy.group(of: "PAK"), visa: parsed))
        #expect(verdict.reasons.contains { $0.code == "visa.other_holder" })
        #expect(verdict.level == .refer)
    }

    @Test func timestampsRoundTrip() {
        let stamp = Timestamp(milliseconds: 1_795_000_000_123)
        #expect(Timestamp(iso: stamp.description) == stamp)
        #expect(stamp.description.hasSuffix(".123Z"))
        #expect(Timestamp(iso: "2026-11-22T25:00:00.000Z") == nil)
    }
}
