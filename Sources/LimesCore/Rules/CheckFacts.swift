/// Everything known about a traveller at the moment of a check, gathered by the caller from
/// the document, the watchlist and the recorded crossings.
public struct CheckFacts: Sendable {
    public var document: MRZDocument
    public var documentChecks: [DocumentCheck]
    public var direction: Direction
    public var today: CalendarDate
    public var group: NationalityGroup
    public var visa: MRZDocument?
    public var stayBasis: StayBasis
    public var stay: StayAssessment
    /// Entries whose exit was never recorded.
    public var missingExits: [CalendarDate]
    /// Hits still open; hits a clearance covers carry it in `previouslyCleared`.
    public var hits: [ScreeningHit]
    public var earlierRefusals: [EarlierRefusal]

    public init(
        document: MRZDocument,
        documentChecks: [DocumentCheck],
        direction: Direction,
        today: CalendarDate,
        group: NationalityGroup,
        visa: MRZDocument?,
        stayBasis: StayBasis,
        stay: StayAssessment,
        missingExits: [CalendarDate],
        hits: [ScreeningHit],
        earlierRefusals: [EarlierRefusal]
    ) {
        self.document = document
        self.documentChecks = documentChecks
        self.direction = direction
        self.today = today
        self.group = group
        self.visa = visa
        self.stayBasis = stayBasis
        self.stay = stay
        self.missingExits = missingExits
        self.hits = hits
        self.earlierRefusals = earlierRefusals
    }
}
