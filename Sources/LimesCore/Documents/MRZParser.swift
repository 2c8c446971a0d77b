/// Reads and validates machine readable zones as ICAO Doc 9303 defines them.
///
/// `parse` throws only when the text has no MRZ shape at all (no lines, wrong count or
/// length). Everything else, from a wrong check digit to an unknown country, is read as far
/// as it goes and reported as a problem on the document.
public struct MRZParser: Sendable {
    /// The day against which two-digit years are resolved.
    public var today: CalendarDate
    /// An expiry year is read as at most this many years after `today`; later ones fall in the
    /// previous century. Passports run 10 years; 50 leaves room for any document.
    public var expiryYearsAhead: Int

    public init(today: CalendarDate, expiryYearsAhead: Int = 50) {
        self.today = today
        self.expiryYearsAhead = expiryYearsAhead
    }

    public func parse(_ text: String) throws(MRZParseError) -> MRZDocument {
        let input = try MRZText.read(text)
        var reader = MRZReader(input: input, parser: self)
        return reader.read()
    }

    /// Resolves the century of a birth year: the latest one that does not put the birth
    /// (as far as it is known) after today.
    func birthYear(_ yy: Int, month: Int?, day: Int?) -> Int {
        let base = today.year - today.year % 100
        let candidate = base + yy
        if candidate < today.year { return candidate }
        if candidate > today.year { return candidate - 100 }
        if let month, month > today.month { return candidate - 100 }
        if let month, month == today.month, let day, day > today.day { return candidate - 100 }
        return candidate
    }

    /// Resolves the century of an expiry year: up to `expiryYearsAhead` years ahead.
    func expiryYear(_ yy: Int) -> Int {
        let base = today.year - today.year % 100
        var candidate = base + yy
        if candidate > today.year + expiryYearsAhead { candidate -= 100 }
        if candidate <= today.year + expiryYearsAhead - 100 { candidate += 100 }
        return candidate
    }
}
