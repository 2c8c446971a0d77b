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

    public var isKnown: Bool { name != nil }

    /// The English name of a known code.
    public static func name(of code: String) -> String? { names[code] }

    /// Every code Limes recognises.
    public static var allCodes: Dictionary<String, String>.Keys { names.keys }

    public var description: String {
        if let name { return "\(code) (\(name))" }
        return code
    }
}
