/// One finding of the document checks, worded for the officer who must act on it.
public struct DocumentCheck: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        case expired
        case expiresSoon = "expires_soon"
        case expiryUnreadable = "expiry_unreadable"
        case issuerNotRecognised = "issuer_not_recognised"
        case nationalityNotRecognised = "nationality_not_recognised"
        case checkDigitsFailed = "check_digits_failed"
        case mrzProblems = "mrz_problems"
        case specimen
        case ocrCorrected = "ocr_corrected"
        case nameMayBeTruncated = "name_may_be_truncated"
    }

    /// How much the finding weighs in a verdict.
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        /// Worth showing; nothing to do.
        case information
        /// The officer should look before admitting.
        case warning
        /// The document cannot be accepted as read.
        case failure

        private var rank: Int { self == .information ? 0 : (self == .warning ? 1 : 2) }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var code: Code
    public var severity: Severity
    public var message: String
    public var fields: [MRZField]

    public init(code: Code, severity: Severity, message: String, fields: [MRZField] = []) {
        self.code = code
        self.severity = severity
        self.message = message
        self.fields = fields
    }

    public var description: String { "\(severity.rawValue): \(message)" }
}
