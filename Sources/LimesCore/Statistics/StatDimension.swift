/// What a figure can be broken down or filtered by. The names are the API's parameter names.
/// Purpose of travel is not among them: Limes does not record it.
public enum StatDimension: String, Sendable, Hashable, Codable, CodingKeyRepresentable, CaseIterable, Comparable {
    case period
    case bcp
    case borderType
    case lane
    case direction
    case citizenship
    case sex
    case ageBand
    case documentType
    /// Of a crossing: admit or refuse. Of a hit: open, confirmed or dismissed. Of a referral:
    /// its status.
    case outcome
    /// The legal ground of a refusal (Annex V of the Schengen Borders Code, as configured);
    /// `_Z` (not applicable, as SDMX writes it) for a crossing admitted.
    case ground
    /// The watchlist of a hit.
    case list
    /// The kind of a protection flag or of a referral.
    case kind

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Values a filter on this dimension may take when they form a fixed list; nil when the
    /// list is the service's own data (BCPs, lanes, countries, lists, grounds).
    public func fixedValues(ages: AgeBands) -> [String]? {
        switch self {
        case .borderType: return ["air", "land", "sea"]
        case .direction: return ["entry", "exit"]
        case .sex: return ["F", "M", "X", "UNK"]
        case .ageBand: return ages.codes
        default: return nil
        }
    }
}

/// What is counted. Each measure counts records of one kind and can be broken down by the
/// dimensions those records carry.
public enum StatMeasure: String, Sendable, Hashable, Codable, CaseIterable {
    /// Crossings completed (admitted or refused, at first or second line).
    case crossings
    /// Distinct travellers who crossed in each period: a traveller crossing twice in a month
    /// counts once in that month, in the cell of the first crossing recorded in it.
    case travellers
    /// Crossings refused, with their ground.
    case refusals
    /// Watchlist and document-list hits, with their list and outcome.
    case hits
    case protectionFlags
    case referrals
    case personsWithoutDocuments
    /// Stays that went past their authorised end, counted on the last authorised day (once it is
    /// past); `outcome` says whether the traveller has left since (`left`) or not (`still_in`).
    case overstays

    public var dimensions: [StatDimension] {
        let person: [StatDimension] = [.citizenship, .sex, .ageBand]
        switch self {
        case .crossings: return [.period, .bcp, .borderType, .lane, .direction] + person + [.documentType, .outcome, .ground]
        case .travellers: return [.period, .bcp, .borderType, .lane, .direction] + person + [.documentType, .outcome]
        case .refusals: return [.period, .bcp, .borderType, .lane, .direction] + person + [.documentType, .ground]
        case .hits: return [.period, .bcp, .borderType, .direction] + person + [.documentType, .list, .outcome]
        case .protectionFlags: return [.period] + person + [.kind, .outcome]
        case .referrals: return [.period] + person + [.kind, .outcome]
        case .personsWithoutDocuments: return [.period, .bcp, .borderType] + person
        case .overstays: return [.period, .bcp, .borderType] + person + [.documentType, .outcome]
        }
    }
}
