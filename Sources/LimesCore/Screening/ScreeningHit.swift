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
    /// Sentences an officer can check against the document, best evidence first: `evidence` in English.
    public var reasons: [String]
    /// The same as codes with their values, for a console to write in the officer's language.
    public var evidence: [HitEvidence]
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
        evidence: [HitEvidence],
        matchedName: String?,
        previouslyCleared: Clearance? = nil
    ) {
        self.alertID = alertID
        self.list = list
        self.action = action
        self.score = score
        self.band = band
        self.reasons = evidence.map(\.text)
        self.evidence = evidence
        self.matchedName = matchedName
        self.previouslyCleared = previouslyCleared
    }
}
