/// The sex field of an MRZ.
public enum Sex: String, Sendable, Hashable, Codable, CaseIterable {
    case male = "M"
    case female = "F"
    /// `X`: non-specified, as Doc 9303 allows.
    case nonSpecified = "X"
    /// `<`: not given.
    case unspecified = "<"

    public var label: String {
        switch self {
        case .male: return "male"
        case .female: return "female"
        case .nonSpecified: return "non-specified (X)"
        case .unspecified: return "not given"
        }
    }
}
