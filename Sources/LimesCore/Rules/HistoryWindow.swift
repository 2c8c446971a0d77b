/// How much of a traveller's recorded crossings a check has to read. A commuter at a one-stop
/// border post may have crossed twice a day for years, and every check would otherwise read
/// and weigh all of it; the verdict only depends on the last stretch.
///
/// A store that honours the window returns the crossings of `since` or later, and the last
/// admitted crossing before `since` with every crossing after it: its direction says whether a
/// stay was open on that day, which is all the pairing of entries and exits needs to know of
/// the time before. `CheckFacts` then comes out as it would from the whole history.
public struct HistoryWindow: Sendable, Hashable {
    /// The first day read.
    public var since: CalendarDate
    public var direction: Direction
    /// The stay rule the check applies; none for groups without a limit.
    public var rule: StayRule?

    public init(since: CalendarDate, direction: Direction, rule: StayRule?) {
        self.since = since
        self.direction = direction
        self.rule = rule
    }

    /// The window of a check today: far enough back for every window of the days to come under
    /// the traveller's stay rule (the window and the longest stay before today), and for the
    /// refusals and lost exits still in view.
    public init(policy: EntryPolicy, nationality: String, direction: Direction, today: CalendarDate) {
        let rule = policy.group(of: nationality).stay
        let back = max(policy.refusalLookbackDays, rule.map { $0.windowDays + $0.maxDays } ?? 0, 0)
        self.init(since: today.adding(days: -back), direction: direction, rule: rule)
    }

    /// On exit the current stay is weighed from its entry on, each day with the window before
    /// it, however long ago the traveller came in. When the open stay began too early for what
    /// was read, this gives the day to read from instead; otherwise nil.
    ///
    /// - Parameter lastAdmitted: the last admitted crossing of what the window read.
    public func reachingBack(lastAdmitted: PastCrossing?) -> CalendarDate? {
        guard direction == .exit, let rule, let last = lastAdmitted, last.direction == .entry else { return nil }
        let needed = last.day.adding(days: -rule.windowDays)
        return needed < since ? needed : nil
    }
}
