/// The machine readable zone layouts of ICAO Doc 9303.
public enum MRZFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// Identity card size, 3 lines of 30 (Part 5).
    case td1 = "TD1"
    /// 2 lines of 36 (Part 6).
    case td2 = "TD2"
    /// Passport size, 2 lines of 44 (Part 4).
    case td3 = "TD3"
    /// Full-page visa, 2 lines of 44 (Part 7).
    case mrvA = "MRV-A"
    /// Smaller visa, 2 lines of 36 (Part 7).
    case mrvB = "MRV-B"

    public var lineCount: Int { self == .td1 ? 3 : 2 }

    public var lineLength: Int {
        switch self {
        case .td1: return 30
        case .td2, .mrvB: return 36
        case .td3, .mrvA: return 44
        }
    }

    /// Visas carry no composite check digit; the other formats do.
    public var hasCompositeCheckDigit: Bool { !isVisa }

    public var isVisa: Bool { self == .mrvA || self == .mrvB }

    /// Words for messages, e.g. "TD3 passport (2 lines of 44)".
    public var summary: String {
        let kind: String
        switch self {
        case .td1: kind = "TD1 card"
        case .td2: kind = "TD2 document"
        case .td3: kind = "TD3 passport"
        case .mrvA: kind = "MRV-A visa"
        case .mrvB: kind = "MRV-B visa"
        }
        return "\(kind) (\(lineCount) lines of \(lineLength))"
    }
}
