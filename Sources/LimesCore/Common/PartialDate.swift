/// A date that may be known only to the year or the month, as watchlists record births.
public struct PartialDate: Sendable, Hashable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int?
    public var day: Int?

    public init?(year: Int, month: Int? = nil, day: Int? = nil) {
        guard (1...9999).contains(year) else { return nil }
        if let month, !(1...12).contains(month) { return nil }
        if let day {
            guard let month, CalendarDate(year: year, month: month, day: day) != nil else { return nil }
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    public init?(iso text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, let y = Int(parts[0]) else { return nil }
        var m: Int? = nil
        var d: Int? = nil
        if parts.count >= 2 {
            guard parts[1].count == 2, let value = Int(parts[1]) else { return nil }
            m = value
        }
        if parts.count == 3 {
            guard parts[2].count == 2, let value = Int(parts[2]) else { return nil }
            d = value
        }
        self.init(year: y, month: m, day: d)
    }

    /// The known part of an MRZ birth date; nil when even the year is unknown.
    public init?(_ date: MRZDate) {
        guard let year = date.year else { return nil }
        self.init(year: year, month: date.month, day: date.month == nil ? nil : date.day)
    }

    public var description: String {
        var text = String(year)
        if let month { text += month < 10 ? "-0\(month)" : "-\(month)" }
        if let day { text += day < 10 ? "-0\(day)" : "-\(day)" }
        return text
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = PartialDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not YYYY-MM-DD, YYYY-MM or YYYY"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
