/// Under what a traveller stays. Only short stays count towards the short-stay limit.
public enum StayBasis: String, Sendable, Hashable, Codable, CaseIterable {
    case shortStay = "short_stay"
    case residencePermit = "residence_permit"
    case longStayVisa = "long_stay_visa"

    public var counts: Bool { self == .shortStay }

    /// What a presented document says, when its code names a long-stay title: a national
    /// (type D) visa, or a residence permit card (`IR`, `AR`, `RP`, as issuers commonly print).
    public static func implied(by document: MRZDocument) -> StayBasis? {
        switch document.documentCode {
        case "VD": return .longStayVisa
        case "IR", "AR", "RP": return .residencePermit
        default: return nil
        }
    }
}
