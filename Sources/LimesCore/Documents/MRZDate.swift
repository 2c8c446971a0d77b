/// A date as an MRZ writes it (`YYMMDD`), with the century resolved and unknown parts kept.
///
/// Doc 9303 lets an unknown day or month of birth be written `<<`; such a date is reported
/// as partly unknown, not as an error. `raw` keeps the six characters as read.
public struct MRZDate: Sendable, Hashable, Codable, CustomStringConvertible {
    public var raw: String
    /// The four-digit year, nil when the year itself is unknown or unreadable.
    public var year: Int?
    public var month: Int?
    public var day: Int?

    public init(raw: String, year: Int?, month: Int?, day: Int?) {
        self.raw = raw
        self.year = year
        self.month = month
        self.day = day
    }

    /// The full date when year, month and day are all known.
    public var date: CalendarDate? {
        guard let year, let month, let day else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    public var isComplete: Bool { date != nil }

    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` as far as the date is known; nil if the year is not.
    public var iso: String? {
        guard let year else { return nil }
        var text = String(year)
        guard let month else { return text }
        text += month < 10 ? "-0\(month)" : "-\(month)"
        guard let day else { return text }
        text += day < 10 ? "-0\(day)" : "-\(day)"
        return text
    }

    public var description: String { iso ?? "unknown (\(raw))" }

    enum CodingKeys: String, CodingKey {
        case raw, year, month, day, iso
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        raw = try container.decode(String.self, forKey: .raw)
        year = try container.decodeIfPresent(Int.self, forKey: .year)
        month = try container.decodeIfPresent(Int.self, forKey: .month)
        day = try container.decodeIfPresent(Int.self, forKey: .day)
    }

    /// Writes `iso` beside the parts, so a reader of the JSON need not assemble it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(raw, forKey: .raw)
        try container.encode(year, forKey: .year)
        try container.encode(month, forKey: .month)
        try container.encode(day, forKey: .day)
        try container.encode(iso, forKey: .iso)
    }
}
