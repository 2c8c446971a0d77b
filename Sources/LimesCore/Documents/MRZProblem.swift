/// Something wrong in a machine readable zone that was still read: it names the field,
/// says what is wrong, and what was expected, so an officer can act on it.
public struct MRZProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        case checkDigitMismatch = "check_digit_mismatch"
        case invalidCharacter = "invalid_character"
        case invalidDate = "invalid_date"
        case unknownCountry = "unknown_country"
        case invalidSex = "invalid_sex"
        case invalidDocumentCode = "invalid_document_code"
        case invalidLongDocumentNumber = "invalid_long_document_number"
    }

    public var field: MRZField
    public var kind: Kind
    /// A sentence for a person, e.g. "document number check digit is 6, expected 3".
    public var message: String
    /// What the MRZ holds, where a single value says it.
    public var found: String?
    /// What would have been right, where it is known.
    public var expected: String?
    /// 1-based line and position of the first character concerned.
    public var line: Int?
    public var position: Int?

    public init(
        field: MRZField,
        kind: Kind,
        message: String,
        found: String? = nil,
        expected: String? = nil,
        line: Int? = nil,
        position: Int? = nil
    ) {
        self.field = field
        self.kind = kind
        self.message = message
        self.found = found
        self.expected = expected
        self.line = line
        self.position = position
    }

    public var description: String { message }
}
