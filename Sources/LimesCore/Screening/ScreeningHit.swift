/// A watchlist entry that may be the traveller, with why.
public struct ScreeningHit: Sendable, Hashable, Codable {
    public enum Band: String, Sendable, Hashable, Codable {
        case strong
        case possible
    }

    public var alertID: String
    public var list: Alert.List
    public var action: Alert.Action
    /// 0 to 1.
    public var score: Double
    public var band: Band
    /// Sentences an officer can check against the document, best evidence first.
    public var reasons: [String]
    /// The listed name that matched best.
    public var matchedName: String?
    /// Set when an officer has already decided that this traveller is not this alert's person.
    public var previouslyCleared: Clearance?

    public init(
        alertID: String,
        list: Alert.List,
        action: Alert.Action,
        score: Double,
        band: Band,
        reasons: [String],
        matchedName: String?,
        previouslyCleared: Clearance? = nil
    ) {
        self.alertID = alertID
        self.list = list
        self.action = action
        self.score = score
        self.band = band
        self.reasons = reasons
        self.matchedName = matchedName
        self.previouslyCleared = previouslyCleared
    }
}

/// An officer's recorded decision that the holder of a document is not the person of an alert.
public struct Clearance: Sendable, Hashable, Codable {
    public var alertID: String
    /// The document, as `DocumentNumber.key` writes it.
    public var documentKey: String
    public var officer: String
    public var day: CalendarDate
    public var reason: String

    public init(alertID: String, documentKey: String, officer: String, day: CalendarDate, reason: String) {
        self.alertID = alertID
        self.documentKey = documentKey
        self.officer = officer
        self.day = day
        self.reason = reason
    }

    /// "previously cleared by …, on …", as the officer sees it beside the hit.
    public var summary: String { "previously cleared by \(officer), on \(day): \(reason)" }
}
