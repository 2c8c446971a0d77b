/// Why a text could not be read as a machine readable zone at all.
public struct MRZParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        case empty
        case tooLong = "too_long"
        case wrongLineCount = "wrong_line_count"
        case wrongLineLength = "wrong_line_length"
    }

    public var kind: Kind
    /// The line lengths received, in order.
    public var receivedLineLengths: [Int]
    public var message: String

    init(kind: Kind, receivedLineLengths: [Int], message: String) {
        self.kind = kind
        self.receivedLineLengths = receivedLineLengths
        self.message = message
    }

    /// What each format needs, for the end of every message.
    static let formatsNeed =
        "a TD1 card needs 3 lines of 30 characters, a TD2 document or MRV-B visa 2 lines of 36, "
        + "a TD3 passport or MRV-A visa 2 lines of 44"

    public var description: String { message }
}
