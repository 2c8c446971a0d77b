/// "At most `maxDays` days in any `windowDays`-day period": the short-stay limit of a group.
public struct StayRule: Sendable, Hashable, Codable, CustomStringConvertible {
    public var maxDays: Int
    public var windowDays: Int

    public init(maxDays: Int, windowDays: Int) {
        self.maxDays = maxDays
        self.windowDays = windowDays
    }

    public static let schengen = StayRule(maxDays: 90, windowDays: 180)

    public var description: String { "\(maxDays) days in any \(windowDays)-day period" }
}
