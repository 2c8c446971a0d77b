/// A character that Limes changed because OCR is known to confuse it, with the check that
/// confirmed the change. Corrections are always reported, never applied silently.
public struct MRZCorrection: Sendable, Hashable, Codable, CustomStringConvertible {
    public var field: MRZField
    /// 1-based line and position of the corrected character.
    public var line: Int
    public var position: Int
    public var from: String
    public var to: String
    /// Why the correction is safe, e.g. "date of birth check digit 2 matches only after it".
    public var confirmedBy: String

    public init(field: MRZField, line: Int, position: Int, from: String, to: String, confirmedBy: String) {
        self.field = field
        self.line = line
        self.position = position
        self.from = from
        self.to = to
        self.confirmedBy = confirmedBy
    }

    public var description: String {
        "\(field.label): read '\(from)' at line \(line) position \(position) as '\(to)' (\(confirmedBy))"
    }
}
