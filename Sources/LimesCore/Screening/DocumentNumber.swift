/// Document numbers as lists and readers write them, made comparable.
public enum DocumentNumber {
    /// Upper case letters and digits only: `l 898-902 c3` -> `L898902C3`.
    public static func normalized(_ text: String) -> String {
        String(String.UnicodeScalarView(text.uppercased().unicodeScalars.filter { ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") }))
    }

    /// The number with every OCR-confusable letter read as its digit (O→0, I→1, S→5, B→8, Z→2),
    /// so that two readings of one document meet.
    public static func folded(_ normalized: String) -> String {
        String(
            decoding: normalized.utf8.map { OCRConfusion.digit(for: $0) ?? $0 },
            as: UTF8.self
        )
    }

    /// The key a clearance is remembered under: issuing state and number.
    public static func key(number: String, country: String?) -> String {
        "\(country ?? "")/\(normalized(number))"
    }

    /// The confusions that turn `listed` into `read`, e.g. "O/0 at position 6"; empty if equal.
    static func confusions(read: String, listed: String) -> [String] {
        zip(Array(read.utf8).enumerated(), Array(listed.utf8)).compactMap { item, l in
            item.element == l ? nil : "\(Character(UnicodeScalar(l)))/\(Character(UnicodeScalar(item.element))) at position \(item.offset + 1)"
        }
    }
}
