/// A watchlist entry: a person or a document to look out for, and what to do on a hit.
public struct Alert: Sendable, Hashable, Codable, Identifiable {
    public enum List: String, Sendable, Hashable, Codable, CaseIterable {
        case nationalWanted = "national_wanted"
        case entryBan = "entry_ban"
        case internationalNotice = "international_notice"
        case lostStolenDocument = "lost_stolen_document"
    }

    public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        case arrest
        case refuseEntry = "refuse_entry"
        case informIssuingAuthority = "inform_issuing_authority"
        case discreetCheck = "discreet_check"

        /// What the officer reads.
        public var instruction: String {
            switch self {
            case .arrest: return "arrest"
            case .refuseEntry: return "refuse entry"
            case .informIssuingAuthority: return "inform the issuing authority"
            case .discreetCheck: return "discreet check"
            }
        }
    }

    /// A listed document: its number as written, and the state that issued it.
    public struct Document: Sendable, Hashable, Codable {
        public var number: String
        public var country: String?

        public init(number: String, country: String?) {
            self.number = number
            self.country = country
        }
    }

    public var id: String
    public var list: List
    /// The primary name first, then aliases; any script.
    public var names: [String]
    public var birthDate: PartialDate?
    public var sex: Sex?
    public var nationalities: [String]
    public var documents: [Document]
    public var action: Action
    public var authority: String?
    public var validFrom: CalendarDate?
    public var validUntil: CalendarDate?

    public init(
        id: String,
        list: List,
        names: [String],
        birthDate: PartialDate? = nil,
        sex: Sex? = nil,
        nationalities: [String] = [],
        documents: [Document] = [],
        action: Action,
        authority: String? = nil,
        validFrom: CalendarDate? = nil,
        validUntil: CalendarDate? = nil
    ) {
        self.id = id
        self.list = list
        self.names = names
        self.birthDate = birthDate
        self.sex = sex
        self.nationalities = nationalities
        self.documents = documents
        self.action = action
        self.authority = authority
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    /// In force on `day`.
    public func isValid(on day: CalendarDate) -> Bool {
        if let validFrom, day < validFrom { return false }
        if let validUntil, validUntil < day { return false }
        return true
    }
}
