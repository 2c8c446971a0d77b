/// An issuing state or nationality as written in an MRZ: an ISO 3166-1 alpha-3 code or one
/// of the codes of ICAO Doc 9303 (`D` for Germany, `XXA` for a stateless person, `UTO` for
/// the specimens, ...).
public struct CountryCode: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The code without fillers: `D`, `UTO`, `XXB`.
    public var code: String
    /// The English name, nil when the code is not on the ICAO list.
    public var name: String?

    public init(code: String) {
        self.code = code
        self.name = CountryCode.names[code]
    }

    init(code: String, name: String?) {
        self.code = code
        self.name = name
    }

    public var isKnown: Bool { name != nil }

    /// Reads a 3-character MRZ code field (`UTO`, `D<<`) without hashing a string: the MRZ
    /// path looks up two codes per document.
    static func lookup(_ field: ArraySlice<UInt8>) -> CountryCode {
        var end = field.endIndex
        while end > field.startIndex, field[end - 1] == UInt8(ascii: "<") { end -= 1 }
        let code = String(decoding: field[field.startIndex..<end], as: UTF8.self)
        guard field.count == 3, let key = tableKey(field) else { return CountryCode(code: code, name: nil) }
        return CountryCode(code: code, name: table[key])
    }

    /// '<' is 0 and A–Z are 1–26 in each of three places.
    private static func tableKey<C: Collection>(_ bytes: C) -> Int? where C.Element == UInt8 {
        var key = 0
        for b in bytes {
            let digit: Int
            if b == UInt8(ascii: "<") { digit = 0 } else if b >= 65 && b <= 90 { digit = Int(b) - 64 } else { return nil }
            key = key * 27 + digit
        }
        return key
    }

    private static let table: [String?] = {
        var table = [String?](repeating: nil, count: 27 * 27 * 27)
        for (code, name) in names {
            let padded = Array(code.utf8) + Array(repeating: UInt8(ascii: "<"), count: 3 - code.utf8.count)
            if let key = tableKey(padded) { table[key] = name }
        }
        return table
    }()

    /// The English name of a known code.
    public static func name(of code: String) -> String? { names[code] }

    /// Every code Limes recognises.
    public static var allCodes: Dictionary<String, String>.Keys { names.keys }

    public var description: String {
        if let name { return "\(code) (\(name))" }
        return code
    }
}
