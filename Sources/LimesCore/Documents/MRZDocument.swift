/// A travel document as read from its machine readable zone: every field, a validity flag per
/// check digit, the problems found and the OCR corrections applied.
public struct MRZDocument: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case passport
        case identityCard = "identity_card"
        case visa
        /// Other official travel documents (Doc 9303 codes `A` and `C`).
        case otherTravelDocument = "other_travel_document"
    }

    public var format: MRZFormat
    /// `P`, `PN`, `I`, `ID`, `V`, ... without fillers.
    public var documentCode: String
    public var kind: Kind
    public var issuingState: CountryCode
    /// The whole number, including the part a long TD1/TD2 number carries in the optional data.
    public var documentNumber: String
    /// The primary identifier, `<` fillers turned to spaces.
    public var surname: String
    public var givenNames: String
    /// The name filled its whole field, so Doc 9303 may have cut it short.
    public var nameMayBeTruncated: Bool
    public var nationality: CountryCode
    public var dateOfBirth: MRZDate
    /// Nil when the sex field holds something other than M, F, X or `<`.
    public var sex: Sex?
    public var dateOfExpiry: MRZDate
    /// Optional data of line 2 (TD3: the personal number), or of line 1 for TD1, fillers trimmed.
    public var optionalData: String
    /// TD1 only: the optional data of line 2.
    public var optionalData2: String?
    public var checkDigits: MRZCheckDigits
    public var problems: [MRZProblem]
    public var corrections: [MRZCorrection]
    /// The lines as read, after cleaning and before corrections.
    public var lines: MRZLines

    /// True when every field reads and every check digit holds (after any reported correction).
    public var isValid: Bool { problems.isEmpty }
}
