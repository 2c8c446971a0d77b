/// What the short-stay rule says for one traveller on one day.
public struct StayAssessment: Sendable, Hashable, Codable {
    /// Nil: no short-stay limit applies to this traveller.
    public var rule: StayRule?
    /// Days of short stay already counted in the window that ends today: on exit, today
    /// included; on entry, today only when a stay still open already holds it.
    public var daysUsed: Int
    /// On entry: how many days, today included, the traveller may stay.
    public var daysRemaining: Int?
    /// The last day the traveller may still be on the territory.
    public var latestExit: CalendarDate?
    /// On exit: days stayed beyond the limit.
    public var overstayDays: Int
    /// On exit: the entry that opened the stay now ending, if one is recorded.
    public var stayStarted: CalendarDate?

    public init(
        rule: StayRule?,
        daysUsed: Int,
        daysRemaining: Int?,
        latestExit: CalendarDate?,
        overstayDays: Int,
        stayStarted: CalendarDate?
    ) {
        self.rule = rule
        self.daysUsed = daysUsed
        self.daysRemaining = daysRemaining
        self.latestExit = latestExit
        self.overstayDays = overstayDays
        self.stayStarted = stayStarted
    }
}
