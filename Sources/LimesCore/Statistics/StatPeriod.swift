/// How finely a series is cut in time. Weeks are ISO 8601 weeks (Monday to Sunday, numbered by
/// the year of their Thursday), as Eurostat and most statistical offices publish them.
public enum PeriodGranularity: String, Sendable, Hashable, Codable, CaseIterable {
    case day, week, month, quarter, year

    /// The period a day falls in, written as SDMX writes time periods: `2026-12-08`,
    /// `2026-W49`, `2026-12`, `2026-Q4`, `2026`.
    public func label(of date: CalendarDate) -> String {
        switch self {
        case .day: return date.description
        case .week:
            let (year, week) = date.isoWeek
            return "\(year)-W\(week < 10 ? "0" : "")\(week)"
        case .month: return "\(date.year)-\(date.month < 10 ? "0" : "")\(date.month)"
        case .quarter: return "\(date.year)-Q\((date.month - 1) / 3 + 1)"
        case .year: return String(date.year)
        }
    }

    /// The first day of the period a day falls in.
    public func start(of date: CalendarDate) -> CalendarDate {
        switch self {
        case .day: return date
        case .week: return date.adding(days: -(date.isoWeekday - 1))
        case .month: return CalendarDate(year: date.year, month: date.month, day: 1)!
        case .quarter: return CalendarDate(year: date.year, month: (date.month - 1) / 3 * 3 + 1, day: 1)!
        case .year: return CalendarDate(year: date.year, month: 1, day: 1)!
        }
    }

    /// The same period a year earlier, for the change against last year.
    public func yearEarlier(_ label: String) -> String? {
        guard let period = StatPeriod(label), period.granularity == self else { return nil }
        switch self {
        case .week:
            let parts = label.split(separator: "-W")
            guard let year = Int(parts[0]) else { return nil }
            return "\(year - 1)-W\(parts[1])"
        default:
            guard let year = Int(label.prefix(4)) else { return nil }
            return String(year - 1) + label.dropFirst(4)
        }
    }
}

/// One named period (`2026`, `2026-Q4`, `2026-12`, `2026-W49`, `2026-12-08`) as a range of days.
public struct StatPeriod: Sendable, Hashable, Codable {
    public var granularity: PeriodGranularity
    public var first: CalendarDate
    public var last: CalendarDate

    public init?(_ text: some StringProtocol) {
        let text = String(text)
        if let day = CalendarDate(iso: text) {
            self.init(.day, first: day, last: day)
            return
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, first.count == 4, let year = Int(first), (1900...9999).contains(year) else { return nil }
        if parts.count == 1 {
            self.init(.year, first: CalendarDate(year: year, month: 1, day: 1)!, last: CalendarDate(year: year, month: 12, day: 31)!)
            return
        }
        guard parts.count == 2 else { return nil }
        let second = parts[1]
        if second.count == 2, let month = Int(second), (1...12).contains(month) {
            let start = CalendarDate(year: year, month: month, day: 1)!
            self.init(.month, first: start, last: start.adding(days: CalendarDate.daysInMonth(year: year, month: month) - 1))
        } else if second.count == 2, second.first == "Q", let quarter = Int(second.dropFirst()), (1...4).contains(quarter) {
            let start = CalendarDate(year: year, month: quarter * 3 - 2, day: 1)!
            let end = CalendarDate(year: year, month: quarter * 3, day: CalendarDate.daysInMonth(year: year, month: quarter * 3))!
            self.init(.quarter, first: start, last: end)
        } else if second.count == 3, second.first == "W", let week = Int(second.dropFirst()), (1...53).contains(week) {
            // ISO week 1 is the week with the year's first Thursday, so it holds 4 January.
            let january4 = CalendarDate(year: year, month: 1, day: 4)!
            let start = january4.adding(days: -(january4.isoWeekday - 1) + (week - 1) * 7)
            guard start.isoWeek == (year, week) else { return nil }
            self.init(.week, first: start, last: start.adding(days: 6))
        } else {
            return nil
        }
    }

    init(_ granularity: PeriodGranularity, first: CalendarDate, last: CalendarDate) {
        self.granularity = granularity
        self.first = first
        self.last = last
    }

    public var label: String { granularity.label(of: first) }
}

extension CalendarDate {
    /// 1 for Monday to 7 for Sunday.
    public var isoWeekday: Int {
        // 1970-01-01 was a Thursday.
        let shifted = (daysSinceEpoch + 3) % 7
        return (shifted < 0 ? shifted + 7 : shifted) + 1
    }

    /// The ISO 8601 week-numbering year and week.
    public var isoWeek: (year: Int, week: Int) {
        let thursday = adding(days: 4 - isoWeekday)
        let january1 = CalendarDate(year: thursday.year, month: 1, day: 1)!
        return (thursday.year, january1.days(until: thursday) / 7 + 1)
    }
}
