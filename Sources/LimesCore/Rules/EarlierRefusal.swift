/// A refusal recorded for the same traveller before.
public struct EarlierRefusal: Sendable, Hashable, Codable {
    public var day: CalendarDate
    public var bcp: String
    public var ground: String?

    public init(day: CalendarDate, bcp: String, ground: String?) {
        self.day = day
        self.bcp = bcp
        self.ground = ground
    }
}
