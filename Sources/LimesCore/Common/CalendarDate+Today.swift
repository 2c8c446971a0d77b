import Foundation

extension CalendarDate {
    /// Today in UTC. Callers that need determinism (tests, replays) pass a date instead.
    public static func today(now: Date = Date()) -> CalendarDate {
        CalendarDate(daysSinceEpoch: Int((now.timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}

extension MRZParser {
    /// A parser that resolves centuries against today's date.
    public init() {
        self.init(today: .today())
    }
}
