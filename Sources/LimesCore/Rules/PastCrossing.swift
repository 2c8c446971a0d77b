/// A recorded decision at the border, as the entry conditions need it.
public struct PastCrossing: Sendable, Hashable {
    public var day: CalendarDate
    public var direction: Direction
    public var decision: Decision
    public var stayBasis: StayBasis
    public var bcp: String
    public var ground: String?

    public init(day: CalendarDate, direction: Direction, decision: Decision, stayBasis: StayBasis, bcp: String, ground: String?) {
        self.day = day
        self.direction = direction
        self.decision = decision
        self.stayBasis = stayBasis
        self.bcp = bcp
        self.ground = ground
    }
}
