import LimesCore
import Testing

@Suite("History window of a check")
struct HistoryWindowTests {
    let today = CalendarDate(iso: "2026-11-22")!
    let document: MRZDocument

    init() throws { document = try CheckAssessorTests().passport() }

    /// Years of entries and exits: some exits lost, some crossings refused or referred, some
    /// stays under a residence permit, gaps from a day to a year.
    static func history(_ random: inout SplitMix64, today: CalendarDate) -> [PastCrossing] {
        var crossings: [PastCrossing] = []
        var day = today.adding(days: -Int(random.next() % 1_500) - 1)
        var inside = false
        while day <= today {
            let roll = random.next() % 100
            let decision: Decision = roll < 8 ? .refuse : roll < 12 ? .refer : .admit
            let basis: StayBasis = random.next() % 10 == 0 ? .residencePermit : .shortStay
            crossings.append(
                PastCrossing(day: day, direction: inside ? .exit : .entry, decision: decision, stayBasis: basis, bcp: "NORTH", ground: nil)
            )
            // A lost exit: the next recorded crossing is another entry.
            if decision == .admit && random.next() % 12 != 0 { inside.toggle() }
            let gaps = [1, 2, 5, 20, 60, 120, 400]
            day = day.adding(days: 1 + Int(random.next() % UInt64(gaps[Int(random.next() % UInt64(gaps.count))])))
        }
        return crossings
    }

    /// What a store honouring the window returns: the crossings from `since`, and from the last
    /// admitted one before it.
    static func read(_ history: [PastCrossing], since: CalendarDate) -> [PastCrossing] {
        let first = history.lastIndex { $0.day < since && $0.decision == .admit } ?? history.firstIndex { $0.day >= since } ?? history.count
        return Array(history[first...])
    }

    func facts(_ history: [PastCrossing], policy: EntryPolicy, direction: Direction) -> CheckFacts {
        CheckFacts(
            document: document,
            documentChecks: [],
            direction: direction,
            today: today,
            policy: policy,
            visa: nil,
            declaredBasis: nil,
            history: history,
            hits: []
        )
    }

    @Test func theWindowGivesTheFactsOfTheWholeHistory() {
        var random = SplitMix64(seed: 2026_11_23)
        var shortened = 0
        var reachedBack = 0
        for n in 0..<600 {
            let history = Self.history(&random, today: today)
            var policy = EntryPolicy.example(country: "UTO")
            let rules: [StayRule?] = [.schengen, StayRule(maxDays: 30, windowDays: 60), StayRule(maxDays: 180, windowDays: 365), nil]
            policy.groups[2].stay = rules[n % rules.count]
            policy.refusalLookbackDays = [365, 30, 730, 0][Int(random.next() % 4)]
            let direction: Direction = n % 2 == 0 ? .entry : .exit
            let window = HistoryWindow(policy: policy, nationality: "MAR", direction: direction, today: today)
            #expect(window.rule == policy.groups[2].stay)
            var read = Self.read(history, since: window.since)
            if let earlier = window.reachingBack(lastAdmitted: read.last { $0.decision == .admit }) {
                #expect(earlier < window.since)
                read = Self.read(history, since: earlier)
                reachedBack += 1
            }
            if read.count < history.count { shortened += 1 }
            let whole = facts(history, policy: policy, direction: direction)
            let windowed = facts(read, policy: policy, direction: direction)
            #expect(windowed.stay == whole.stay, "history \(n): \(history)")
            #expect(windowed.missingExits == whole.missingExits, "history \(n)")
            #expect(windowed.earlierRefusals == whole.earlierRefusals, "history \(n)")
        }
        // The comparison means something only if the window often left crossings out, and the
        // open stays of exits sometimes began before it.
        #expect(shortened > 300)
        #expect(reachedBack > 10)
    }

    @Test func theWindowCoversTheRuleAndTheLookBack() {
        var policy = EntryPolicy.example(country: "UTO")
        #expect(HistoryWindow(policy: policy, nationality: "MAR", direction: .entry, today: today).since == today.adding(days: -365))
        policy.refusalLookbackDays = 30
        #expect(HistoryWindow(policy: policy, nationality: "MAR", direction: .entry, today: today).since == today.adding(days: -270))
        // Citizens have no stay rule: only the look-back remains.
        #expect(HistoryWindow(policy: policy, nationality: "UTO", direction: .entry, today: today).since == today.adding(days: -30))
        #expect(HistoryWindow(policy: policy, nationality: "UTO", direction: .entry, today: today).rule == nil)
    }

    @Test func anExitAfterAStayBegunBeforeTheWindowReadsFurtherBack() {
        let policy = EntryPolicy.example(country: "UTO")
        let window = HistoryWindow(policy: policy, nationality: "MAR", direction: .exit, today: today)
        let entered = today.adding(days: -500)
        let stay = [PastCrossing(day: entered, direction: .entry, decision: .admit, stayBasis: .shortStay, bcp: "NORTH", ground: nil)]
        #expect(window.reachingBack(lastAdmitted: stay.last) == entered.adding(days: -180))
        // On entry, or once the stay is closed, what was read is enough.
        #expect(HistoryWindow(since: window.since, direction: .entry, rule: .schengen).reachingBack(lastAdmitted: stay.last) == nil)
        let closed =
            stay + [PastCrossing(day: today.adding(days: -10), direction: .exit, decision: .admit, stayBasis: .shortStay, bcp: "NORTH", ground: nil)]
        #expect(window.reachingBack(lastAdmitted: closed.last) == nil)
    }

    @Test func lostExitsBeforeTheLookBackLeaveTheVerdict() {
        let policy = EntryPolicy.example(country: "UTO")
        let entries = [-800, -400, -100, -20].map {
            PastCrossing(day: today.adding(days: $0), direction: .entry, decision: .admit, stayBasis: .shortStay, bcp: "NORTH", ground: nil)
        }
        // The last entry is the open stay; of the three lost exits, one is within the year.
        #expect(facts(entries, policy: policy, direction: .entry).missingExits == [today.adding(days: -100)])
    }
}
