/// The check digit of ICAO Doc 9303 Part 3, section 4.9.
///
/// Each character gets a value (`0`–`9` their digit, `A`–`Z` 10–35, the filler `<` 0), is
/// multiplied by the repeating weights 7, 3, 1, and the sum modulo 10 is the check digit.
public enum CheckDigit {
    /// The value of one MRZ character, or nil for a character the MRZ does not allow.
    @inlinable
    public static func value(of byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte &- UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(byte &- UInt8(ascii: "A")) + 10
        case UInt8(ascii: "<"): return 0
        default: return nil
        }
    }

    /// The check digit (0–9) over the given MRZ characters; a character outside the MRZ set
    /// counts as 0, since the field that holds it is reported as invalid anyway.
    @inlinable
    public static func compute<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
        var sum = 0
        var weightIndex = 0
        for byte in bytes {
            let weight = weightIndex == 0 ? 7 : (weightIndex == 1 ? 3 : 1)
            sum &+= (value(of: byte) ?? 0) &* weight
            weightIndex = weightIndex == 2 ? 0 : weightIndex + 1
        }
        return sum % 10
    }

    /// The check digit over a string of MRZ characters.
    public static func compute(_ text: String) -> Int {
        compute(Array(text.utf8))
    }
}
