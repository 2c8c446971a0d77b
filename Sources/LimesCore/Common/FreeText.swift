/// What people type or import as names and notes, checked for characters that change how the
/// text looks without being seen: control characters (NUL, ESC, line breaks in a name) and the
/// marks that reorder or hide text (U+202E RIGHT-TO-LEFT OVERRIDE makes "ABC<U+202E>FED" read
/// as "ABCDEF"). They would let a name be spoofed on an officer's screen or in an export.
///
/// Refused, not stripped: a name is evidence, and what the person or list gave should either be
/// kept as it is or corrected by someone who sees why.
public enum FreeText {
    /// The problem with a one-line text (a name, a title), or nil when it may be stored.
    public static func nameProblem(_ text: String) -> String? { problem(text, lineBreaks: false) }

    /// The same for a text of several lines (a note, a reason): line breaks and tabs are kept.
    public static func textProblem(_ text: String) -> String? { problem(text, lineBreaks: true) }

    private static func problem(_ text: String, lineBreaks: Bool) -> String? {
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if lineBreaks, value == 0x0A || value == 0x0D || value == 0x09 { continue }
            if value < 0x20 || (0x7F...0x9F).contains(value) {
                return "contains the control character \(code(scalar))\(lineBreaks ? "" : " (a name is one line of visible characters)")"
            }
            if let name = invisible[value] {
                return
                    "contains the invisible mark \(code(scalar)) \(name), which can make the text read differently from what is stored; type it without"
            }
        }
        return nil
    }

    /// Bidirectional controls, and zero-width characters that are not needed to write any
    /// script (ZERO WIDTH NON-JOINER and JOINER are: Persian, Kurdish and Indic names use them).
    static let invisible: [UInt32: String] = [
        0x061C: "ARABIC LETTER MARK",
        0x200B: "ZERO WIDTH SPACE",
        0x200E: "LEFT-TO-RIGHT MARK",
        0x200F: "RIGHT-TO-LEFT MARK",
        0x202A: "LEFT-TO-RIGHT EMBEDDING",
        0x202B: "RIGHT-TO-LEFT EMBEDDING",
        0x202C: "POP DIRECTIONAL FORMATTING",
        0x202D: "LEFT-TO-RIGHT OVERRIDE",
        0x202E: "RIGHT-TO-LEFT OVERRIDE",
        0x2060: "WORD JOINER",
        0x2066: "LEFT-TO-RIGHT ISOLATE",
        0x2067: "RIGHT-TO-LEFT ISOLATE",
        0x2068: "FIRST STRONG ISOLATE",
        0x2069: "POP DIRECTIONAL ISOLATE",
        0xFEFF: "ZERO WIDTH NO-BREAK SPACE",
    ]

    private static func code(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
