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
    /// Entries within the refusal look-back whose exit was never recorded.
    public var missingExits: [CalendarDate]
    /// Hits still open; hits a clearance covers carry it in `previouslyCleared`.
    public var hits: [ScreeningHit]
    public var earlierRefusals: [EarlierRefusal]
    /// Open protection flags on the person; their kind is not for first line.
    public var openProtectionFlags: Int = 0
    /// The document recorded for someone else, or a known person's new document.
    public var identity: IdentityFinding?
    /// On entry: the day of the traveller's last entry when no exit was recorded since (the
    /// record says they are still inside), and what the policy proposes then.
    public var openEntry: CalendarDate?
    public var entryWithoutExit: Verdict.Level = .refer

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

    /// Gathers the facts the policy draws from a traveller's history: their nationality
    /// group, the stay so far under its rule, and the lost exits and refusals still in view
    /// (within the policy's look-back, so that years of a commuter's history do not fill the
    /// verdict).
    ///
    /// - Parameters:
    ///   - declaredBasis: what the officer says the traveller stays under; else what a
    ///     presented visa implies; else a short stay.
    ///   - history: the traveller's recorded decisions, oldest first: all of them, or what
    ///     `HistoryWindow` reads, which gives the same facts.
    public init(
        document: MRZDocument,
        documentChecks: [DocumentCheck],
        direction: Direction,
        today: CalendarDate,
        policy: EntryPolicy,
        visa: MRZDocument?,
        declaredBasis: StayBasis?,
        history: [PastCrossing],
        hits: [ScreeningHit]
    ) {
        let admitted = history.filter { $0.decision == .admit }.map { ($0.day, $0.direction, $0.stayBasis) }
        let paired = StayPeriod.from(admitted)
        let group = policy.group(of: document.nationality.code)
        let lookback = today.adding(days: -policy.refusalLookbackDays)
        self.init(
            document: document,
            documentChecks: documentChecks,
            direction: direction,
            today: today,
            group: group,
            visa: visa,
            stayBasis: declaredBasis ?? visa.flatMap(StayBasis.implied(by:)) ?? .shortStay,
            stay: StayCalculator.assess(stays: paired.stays, rule: group.stay, direction: direction, today: today),
            missingExits: paired.missingExits.filter { $0 >= lookback },
            hits: hits,
            earlierRefusals: history.filter { $0.decision == .refuse && $0.day >= lookback }.map {
                EarlierRefusal(day: $0.day, bcp: $0.bcp, ground: $0.ground)
            }
        )
        if direction == .entry { openEntry = paired.stays.last { $0.exit == nil && $0.entry <= today }?.entry }
        entryWithoutExit = policy.entryWithoutExit
    }
}
