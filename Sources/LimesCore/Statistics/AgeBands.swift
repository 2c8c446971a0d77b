/// Age bands for breakdowns, configurable. The preset is the one Eurostat uses in its migration
/// and asylum tables (`migr_asyappctza`): under 14, 14–17, 18–34, 35–64, 65 and over, coded as
/// Eurostat codes them, so that an export can be read beside Eurostat's own.
public struct AgeBands: Sendable, Hashable, Codable {
    /// The first age of each band after the first, ascending; the first band starts at 0.
    public var lowerBounds: [Int]

    public init(lowerBounds: [Int]) {
        self.lowerBounds = lowerBounds
    }

    public static let eurostat = AgeBands(lowerBounds: [14, 18, 35, 65])

    /// The code for a person whose age is not known (no usable date of birth).
    public static let unknown = "UNK"

    public var problems: [(field: String, message: String)] {
        if lowerBounds.isEmpty { return [("lowerBounds", "give at least one bound, such as 18")] }
        if lowerBounds.contains(where: { $0 <= 0 || $0 > 120 }) { return [("lowerBounds", "each bound is an age from 1 to 120")] }
        if lowerBounds != lowerBounds.sorted() || Set(lowerBounds).count != lowerBounds.count {
            return [("lowerBounds", "bounds must rise strictly, such as 14, 18, 35, 65")]
        }
        return []
    }

    /// Every band's code, youngest first, then the code for an unknown age.
    public var codes: [String] {
        var result = ["Y_LT\(lowerBounds[0])"]
        for (index, low) in lowerBounds.enumerated().dropLast() { result.append("Y\(low)-\(lowerBounds[index + 1] - 1)") }
        result.append("Y_GE\(lowerBounds[lowerBounds.count - 1])")
        return result + [Self.unknown]
    }

    public func code(forAge age: Int?) -> String {
        guard let age, age >= 0 else { return Self.unknown }
        guard let index = lowerBounds.firstIndex(where: { age < $0 }) else { return codes[lowerBounds.count] }
        return codes[index]
    }

    /// Whole years between a date of birth, as stored (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), and a
    /// day. A birth known only to the month or year is taken at the middle of it, the estimate
    /// that errs least on average; nil when no year is known or the birth is after the day.
    public static func age(birth: String, on day: CalendarDate) -> Int? {
        guard let born = PartialDate(iso: birth) else { return nil }
        let month = born.month ?? 7
        let dayOfMonth = born.day ?? (born.month == nil ? 1 : 15)
        var years = day.year - born.year
        if (day.month, day.day) < (month, dayOfMonth) { years -= 1 }
        return years >= 0 ? years : nil
    }
}
