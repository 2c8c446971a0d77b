/// The letter/digit pairs that OCR engines confuse on the OCR-B font of the MRZ.
enum OCRConfusion {
    /// The digit a letter stands for in a numeric field: O→0, I→1, S→5, B→8, Z→2.
    @inline(__always)
    static func digit(for letter: UInt8) -> UInt8? {
        switch letter {
        case UInt8(ascii: "O"): return UInt8(ascii: "0")
        case UInt8(ascii: "I"): return UInt8(ascii: "1")
        case UInt8(ascii: "S"): return UInt8(ascii: "5")
        case UInt8(ascii: "B"): return UInt8(ascii: "8")
        case UInt8(ascii: "Z"): return UInt8(ascii: "2")
        default: return nil
        }
    }

    /// The letter a digit stands for in an alphabetic field: 0→O, 1→I, 5→S, 8→B, 2→Z.
    @inline(__always)
    static func letter(for digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0"): return UInt8(ascii: "O")
        case UInt8(ascii: "1"): return UInt8(ascii: "I")
        case UInt8(ascii: "5"): return UInt8(ascii: "S")
        case UInt8(ascii: "8"): return UInt8(ascii: "B")
        case UInt8(ascii: "2"): return UInt8(ascii: "Z")
        default: return nil
        }
    }

    /// The other reading of a character in an alphanumeric field, where OCR confuses it.
    @inline(__always)
    static func alternative(for byte: UInt8) -> UInt8? {
        digit(for: byte) ?? letter(for: byte)
    }
}
