import LimesCore

/// A person as Limes knows them, from the documents they showed.
public struct TravellerRecord: Sendable, Hashable, Codable {
    public var id: String
    public var surname: String
    public var givenNames: String
    /// As far as it is known: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; empty when unknown.
    public var birthDate: String
    public var sex: String?
    public var nationality: String
}

extension TravellerRecord {
    /// The record with what `mandate` does not read emptied, so that the value never leaves
    /// the store; the API and the console then leave the field out (they ask the mandate).
    public func seen(through mandate: Mandate) -> TravellerRecord {
        var seen = self
        if !mandate.reads(.identity, "names") {
            seen.surname = ""
            seen.givenNames = ""
        }
        if !mandate.reads(.identity, "birth_date") { seen.birthDate = "" }
        if !mandate.reads(.identity, "sex") { seen.sex = nil }
        if !mandate.reads(.identity, "nationality") { seen.nationality = "" }
        return seen
    }

    public var identity: TravellerIdentity {
        TravellerIdentity(surname: surname, givenNames: givenNames, birthDate: birthDate, sex: sex, nationality: nationality)
    }
}

/// A travel document as read at a check.
public struct DocumentRecord: Sendable, Hashable, Codable {
    public var id: String
    public var kind: String
    public var code: String
    public var issuer: String
    public var number: String
    public var expiry: String?
}

/// A watchlist hit raised by a check, and what second line made of it.
public struct HitRecord: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case open
        case confirmed
        case dismissed
        /// Covered by an earlier dismissal for the same alert and document.
        case cleared
    }

    public var id: String
    public var checkID: String
    public var alertID: String
    public var list: String
    public var action: String
    public var band: String
    public var score: Double
    public var reasons: [String]
    /// The reasons as codes with their values; nil for hits recorded before they were kept.
    public var evidence: [HitEvidence]? = nil
    public var status: Status
    public var resolvedBy: String?
    public var resolvedAt: Timestamp?
    public var resolutionReason: String?
    /// When the check that found it was made (in a traveller's history).
    public var seenAt: Timestamp? = nil
}

/// A check as stored: who was checked where, and what Limes proposed.
public struct CheckRecord: Sendable, Hashable, Codable {
    public var id: String
    public var traveller: TravellerRecord
    public var document: DocumentRecord
    public var bcp: String
    public var lane: String
    public var direction: Direction
    public var officerID: String
    public var startedAt: Timestamp
    public var checkedAt: Timestamp
    public var verdict: Verdict
    public var stay: StayAssessment
    public var stayBasis: StayBasis
    public var documentChecks: [DocumentCheck]
    public var hits: [HitRecord]
}

/// One decision on a check: at first line, or at second line for a referred traveller.
public struct CrossingRecord: Sendable, Hashable, Codable {
    public typealias Stage = CheckStage

    public var id: String
    public var checkID: String
    public var stage: Stage
    public var travellerID: String
    public var bcp: String
    public var lane: String
    public var direction: Direction
    public var officerID: String
    public var decision: Decision
    public var ground: String?
    public var note: String?
    public var stayBasis: StayBasis
    public var day: CalendarDate
    public var checkStartedAt: Timestamp
    public var decidedAt: Timestamp
    /// For an admitted short-stay entry: the last day of the authorised stay.
    public var authorisedUntil: CalendarDate?

    /// What the entry conditions need of it.
    public var past: PastCrossing {
        PastCrossing(day: day, direction: direction, decision: decision, stayBasis: stayBasis, bcp: bcp, ground: ground)
    }
}

/// A referred traveller waiting for (or done with) second line.
public struct SecondLineCase: Sendable, Hashable, Codable {
    public var id: String
    public var checkID: String
    public var traveller: TravellerRecord
    public var bcp: String
    public var openedAt: Timestamp
    public var openedBy: String
    public var note: String?
    public var status: String
    public var closedAt: Timestamp?
    public var closedBy: String?
    public var decision: Decision?
    public var verdict: Verdict.Level
    public var openHits: Int
}

/// A traveller whose authorised stay is over with no exit recorded.
public struct Overstayer: Sendable, Hashable, Codable {
    public var traveller: TravellerRecord
    public var entered: CalendarDate
    public var bcp: String
    public var authorisedUntil: CalendarDate
    public var daysOver: Int
}

/// Everything recorded about one traveller.
public struct TravellerHistory: Sendable, Hashable, Codable {
    public var traveller: TravellerRecord
    /// Empty, and not read, when `readThrough` does not read documents; likewise below.
    public var documents: [DocumentRecord]
    public var crossings: [CrossingRecord]
    public var hits: [HitRecord]
    /// The mandate the history was read through: what it leaves out was never read.
    public var readThrough: Mandate = .everything
}

/// What the store needs to record a check; the verdict was worked out before.
public struct NewCheck: Sendable {
    public var document: MRZDocument
    public var bcp: String
    public var lane: String
    public var direction: Direction
    public var officerID: String
    public var startedAt: Timestamp
    public var checkedAt: Timestamp
    public var verdict: Verdict
    public var stay: StayAssessment
    public var stayBasis: StayBasis
    public var documentChecks: [DocumentCheck]
    public var hits: [ScreeningHit]
    /// What `Store.context` found just before: spares the transaction looking again.
    public var known: TravellerContext?

    public init(
        document: MRZDocument,
        bcp: String,
        lane: String,
        direction: Direction,
        officerID: String,
        startedAt: Timestamp,
        checkedAt: Timestamp,
        verdict: Verdict,
        stay: StayAssessment,
        stayBasis: StayBasis,
        documentChecks: [DocumentCheck],
        hits: [ScreeningHit],
        known: TravellerContext? = nil
    ) {
        self.known = known
        self.document = document
        self.bcp = bcp
        self.lane = lane
        self.direction = direction
        self.officerID = officerID
        self.startedAt = startedAt
        self.checkedAt = checkedAt
        self.verdict = verdict
        self.stay = stay
        self.stayBasis = stayBasis
        self.documentChecks = documentChecks
        self.hits = hits
    }
}

/// An officer's decision, as a device sends it.
public struct NewDecision: Sendable, Hashable {
    public var checkID: String
    public var stage: CrossingRecord.Stage
    public var decision: Decision
    public var ground: String?
    public var note: String?
    public var officerID: String
    public var decidedAt: Timestamp
    /// A client's key for this request: a retry with the same key gets the first answer.
    public var idempotencyKey: String?
    /// A digest of the request's content, to refuse a key reused for a different request.
    public var requestHash: String?
    /// A flag raised with the decision (a referral "with a flag" at first line): written in the
    /// decision's transaction, so that both are kept or neither, and a retry flags once.
    public var protectionFlag: NewProtectionFlag?

    public init(
        checkID: String,
        stage: CrossingRecord.Stage,
        decision: Decision,
        ground: String?,
        note: String?,
        officerID: String,
        decidedAt: Timestamp,
        idempotencyKey: String?,
        requestHash: String?,
        protectionFlag: NewProtectionFlag? = nil
    ) {
        self.checkID = checkID
        self.stage = stage
        self.decision = decision
        self.ground = ground
        self.note = note
        self.officerID = officerID
        self.decidedAt = decidedAt
        self.idempotencyKey = idempotencyKey
        self.requestHash = requestHash
        self.protectionFlag = protectionFlag
    }
}

/// What the traveller's record says before a check, for the entry conditions.
public struct TravellerContext: Sendable {
    public var travellerID: String?
    /// The document's record, when it was seen before.
    public var documentID: String?
    public var crossings: [CrossingRecord]
    public var clearances: [String: Clearance]
    /// Open protection flags: the check says one exists, never what it is.
    public var openProtectionFlags: Int = 0
    /// The document recorded for someone else, or a known person's new document.
    public var identity: IdentityFinding? = nil
    /// The recorded holder of the document, when the presenter is another person: the
    /// presenter's record is linked to the holder's as sharing the document.
    var sharesDocumentWith: String? = nil
}
