import LimesCore
import LimesStore

// The bodies the API answers with: its own types, so that renaming a stored property cannot
// change the API. One naming style: lower camel case, `Id` and `Bcp` as words.
extension API {
    /// `Traveller` as the API shows it. Fields outside the reader's mandate are left out.
    struct Traveller: APIBody {
        var id: String
        var surname: String?
        var givenNames: String?
        var birthDate: String?
        var sex: String?
        var nationality: String?

        init(_ record: LimesStore.TravellerRecord, reads: Mandate = .everything) {
            id = record.id
            if reads.reads(.identity, "names") {
                surname = record.surname
                givenNames = record.givenNames
            }
            if reads.reads(.identity, "birth_date") { birthDate = record.birthDate }
            if reads.reads(.identity, "sex") { sex = record.sex }
            if reads.reads(.identity, "nationality") { nationality = record.nationality }
        }
    }

    /// `Document` as the API shows it. Fields outside the reader's mandate are left out.
    struct Document: APIBody {
        var id: String
        var kind: String?
        var code: String?
        var issuer: String?
        var number: String?
        var expiry: String?

        init(_ record: LimesStore.DocumentRecord, reads: Mandate = .everything) {
            id = record.id
            if reads.reads(.documents, "type") {
                kind = record.kind
                code = record.code
            }
            if reads.reads(.documents, "issuer") { issuer = record.issuer }
            if reads.reads(.documents, "number") { number = record.number }
            if reads.reads(.documents, "expiry") { expiry = record.expiry }
        }
    }

    /// `Hit` as the API shows it. Fields outside the reader's mandate are left out.
    struct Hit: APIBody {
        var id: String
        var checkId: String
        var alertId: String?
        var list: String?
        var action: String?
        var band: String?
        var score: Double?
        var reasons: [String]?
        var evidence: [HitEvidence]?
        var status: HitRecord.Status?
        var resolvedBy: String?
        var resolvedAt: Timestamp?
        var resolutionReason: String?
        var seenAt: Timestamp?

        init(_ record: LimesStore.HitRecord, reads: Mandate = .everything) {
            id = record.id
            checkId = record.checkID
            if reads.reads(.hits, "alert") {
                alertId = record.alertID
                list = record.list
                action = record.action
            }
            if reads.reads(.hits, "match") {
                band = record.band
                score = record.score
                reasons = record.reasons
                evidence = record.evidence
                seenAt = record.seenAt
            }
            if reads.reads(.hits, "resolution") {
                status = record.status
                resolvedBy = record.resolvedBy
                resolvedAt = record.resolvedAt
                resolutionReason = record.resolutionReason
            }
        }
    }

    /// `Check` as the API shows it.
    struct Check: APIBody {
        var id: String
        var traveller: API.Traveller
        var document: API.Document
        var bcp: String
        var lane: String
        var direction: Direction
        var officerId: String
        var startedAt: Timestamp
        var checkedAt: Timestamp
        var verdict: Verdict
        var stay: StayAssessment
        var stayBasis: StayBasis
        var documentChecks: [DocumentCheck]
        var hits: [API.Hit]

        init(_ record: LimesStore.CheckRecord) {
            id = record.id
            traveller = API.Traveller(record.traveller)
            document = API.Document(record.document)
            bcp = record.bcp
            lane = record.lane
            direction = record.direction
            officerId = record.officerID
            startedAt = record.startedAt
            checkedAt = record.checkedAt
            verdict = record.verdict
            stay = record.stay
            stayBasis = record.stayBasis
            documentChecks = record.documentChecks
            hits = record.hits.map { API.Hit($0) }
        }
    }

    /// `Crossing` as the API shows it. Fields outside the reader's mandate are left out.
    struct Crossing: APIBody {
        var id: String
        var checkId: String
        var stage: CheckStage?
        var travellerId: String
        var bcp: String?
        var lane: String?
        var direction: Direction?
        var officerId: String?
        var decision: Decision?
        var ground: String?
        var note: String?
        var stayBasis: StayBasis?
        var day: CalendarDate?
        var checkStartedAt: Timestamp?
        var decidedAt: Timestamp?
        var authorisedUntil: CalendarDate?

        init(_ record: LimesStore.CrossingRecord, reads: Mandate = .everything) {
            id = record.id
            checkId = record.checkID
            travellerId = record.travellerID
            if reads.reads(.crossings, "time") {
                day = record.day
                checkStartedAt = record.checkStartedAt
                decidedAt = record.decidedAt
            }
            if reads.reads(.crossings, "place") {
                bcp = record.bcp
                lane = record.lane
            }
            if reads.reads(.crossings, "direction") { direction = record.direction }
            if reads.reads(.crossings, "decision") {
                stage = record.stage
                decision = record.decision
                ground = record.ground
                note = record.note
            }
            if reads.reads(.crossings, "officer") { officerId = record.officerID }
            if reads.reads(.crossings, "stay") {
                stayBasis = record.stayBasis
                authorisedUntil = record.authorisedUntil
            }
        }
    }

    /// `Case` as the API shows it.
    struct Case: APIBody {
        var id: String
        var checkId: String
        var traveller: API.Traveller
        var bcp: String
        var openedAt: Timestamp
        var openedBy: String
        var note: String?
        var status: String
        var closedAt: Timestamp?
        var closedBy: String?
        var decision: Decision?
        var verdict: Verdict.Level
        var openHits: Int

        init(_ record: LimesStore.SecondLineCase) {
            id = record.id
            checkId = record.checkID
            traveller = API.Traveller(record.traveller)
            bcp = record.bcp
            openedAt = record.openedAt
            openedBy = record.openedBy
            note = record.note
            status = record.status
            closedAt = record.closedAt
            closedBy = record.closedBy
            decision = record.decision
            verdict = record.verdict
            openHits = record.openHits
        }
    }

    /// `Overstayer` as the API shows it.
    struct Overstayer: APIBody {
        var traveller: API.Traveller
        var entered: CalendarDate
        var bcp: String
        var authorisedUntil: CalendarDate
        var daysOver: Int

        init(_ record: LimesStore.Overstayer, reads: Mandate = .everything) {
            traveller = API.Traveller(record.traveller, reads: reads)
            entered = record.entered
            bcp = record.bcp
            authorisedUntil = record.authorisedUntil
            daysOver = record.daysOver
        }
    }

    /// `TravellerHistory` as the API shows it: a kind of record outside the reader's mandate is
    /// left out whole, not sent as an empty list.
    struct TravellerHistory: APIBody {
        var traveller: API.Traveller
        var documents: [API.Document]?
        var crossings: [API.Crossing]?
        var hits: [API.Hit]?

        init(_ record: LimesStore.TravellerHistory) {
            let reads = record.readThrough
            traveller = API.Traveller(record.traveller, reads: reads)
            if reads.reads(.documents) { documents = record.documents.map { API.Document($0, reads: reads) } }
            if reads.reads(.crossings) { crossings = record.crossings.map { API.Crossing($0, reads: reads) } }
            if reads.reads(.hits) { hits = record.hits.map { API.Hit($0, reads: reads) } }
        }
    }

    /// `ProtectionFlag` as the API shows it.
    struct ProtectionFlag: APIBody {
        var id: String
        var travellerId: String
        var kind: ProtectionKind
        var stage: String
        var checkId: String?
        var note: String?
        var raisedBy: String
        var raisedAt: Timestamp
        var status: String

        init(_ record: LimesStore.ProtectionFlag) {
            id = record.id
            travellerId = record.travellerID
            kind = record.kind
            stage = record.stage
            checkId = record.checkID
            note = record.note
            raisedBy = record.raisedBy
            raisedAt = record.raisedAt
            status = record.status
        }
    }

    /// `SafeguardReview` as the API shows it.
    struct SafeguardReview: APIBody {
        var id: String
        var checkId: String
        var reviewerId: String
        var reviewedAt: Timestamp
        var reasons: String

        init(_ record: LimesStore.SafeguardReview) {
            id = record.id
            checkId = record.checkID
            reviewerId = record.reviewerID
            reviewedAt = record.reviewedAt
            reasons = record.reasons
        }
    }

    /// `VulnerabilityFinding` as the API shows it.
    struct VulnerabilityFinding: APIBody {
        var code: String
        var evidence: String

        init(_ record: LimesStore.VulnerabilityFinding) {
            code = record.code
            evidence = record.evidence
        }
    }

    /// `VulnerabilityAssessment` as the API shows it.
    struct VulnerabilityAssessment: APIBody {
        var id: String
        var travellerId: String
        var assessorId: String
        var assessedAt: Timestamp
        var level: InterventionLevel
        var findings: [API.VulnerabilityFinding]
        var note: String?

        init(_ record: LimesStore.VulnerabilityAssessment) {
            id = record.id
            travellerId = record.travellerID
            assessorId = record.assessorID
            assessedAt = record.assessedAt
            level = record.level
            findings = record.findings.map(API.VulnerabilityFinding.init)
            note = record.note
        }
    }

    /// `OpenProtectionFlag` as the API shows it.
    struct OpenProtectionFlag: APIBody {
        var flag: API.ProtectionFlag
        var traveller: API.Traveller
        var bcp: String?

        init(_ record: LimesStore.OpenProtectionFlag) {
            flag = API.ProtectionFlag(record.flag)
            traveller = API.Traveller(record.traveller)
            bcp = record.bcp
        }
    }

    /// `AgeAssessment` as the API shows it.
    struct AgeAssessment: APIBody {
        var id: String
        var travellerId: String
        var claimedAge: Int
        var doubt: String
        var guardian: String?
        var status: String
        var openedBy: String
        var openedAt: Timestamp
        var methods: [AgeAssessmentMethod]
        var professionals: [API.AssessmentProfessional]
        var minAge: Int?
        var maxAge: Int?
        var recordedAge: Int?
        var appeal: String?
        var closedBy: String?
        var closedAt: Timestamp?

        init(_ record: LimesStore.AgeAssessment) {
            id = record.id
            travellerId = record.travellerID
            claimedAge = record.claimedAge
            doubt = record.doubt
            guardian = record.guardian
            status = record.status
            openedBy = record.openedBy
            openedAt = record.openedAt
            methods = record.methods
            professionals = record.professionals.map(API.AssessmentProfessional.init)
            minAge = record.minAge
            maxAge = record.maxAge
            recordedAge = record.recordedAge
            appeal = record.appeal
            closedBy = record.closedBy
            closedAt = record.closedAt
        }
    }

    /// `AssessmentProfessional` as the API shows it.
    struct AssessmentProfessional: APIBody {
        var role: String
        var name: String

        init(_ record: LimesStore.AssessmentProfessional) {
            role = record.role
            name = record.name
        }
    }

    /// `InformationGiven` as the API shows it.
    struct InformationGiven: APIBody {
        var id: String
        var travellerId: String
        var leaflet: String
        var language: String
        var givenAt: Timestamp
        var givenBy: String

        init(_ record: LimesStore.InformationGiven) {
            id = record.id
            travellerId = record.travellerID
            leaflet = record.leaflet
            language = record.language
            givenAt = record.givenAt
            givenBy = record.givenBy
        }
    }

    /// `ProtectionStatistics` as the API shows it.
    struct ProtectionStatistics: APIBody {
        var from: CalendarDate
        var to: CalendarDate
        var flagsByKind: [String: Int]
        var openFlagsByKind: [String: Int]
        var vulnerabilityChecksByLevel: [String: Int]
        var ageAssessmentsOpened: Int
        var ageAssessmentsRecordingAChild: Int
        var safeguardReviews: Int
        var referralsByKind: [String: Int]
        var referralsByStatus: [String: Int]
        var referralOutcomes: [String: Int]

        init(_ record: LimesStore.ProtectionStatistics) {
            from = record.from
            to = record.to
            flagsByKind = record.flagsByKind
            openFlagsByKind = record.openFlagsByKind
            vulnerabilityChecksByLevel = record.vulnerabilityChecksByLevel
            ageAssessmentsOpened = record.ageAssessmentsOpened
            ageAssessmentsRecordingAChild = record.ageAssessmentsRecordingAChild
            safeguardReviews = record.safeguardReviews
            referralsByKind = record.referralsByKind
            referralsByStatus = record.referralsByStatus
            referralOutcomes = record.referralOutcomes
        }
    }

    /// `Service` as the API shows it.
    struct Service: APIBody {
        var id: String
        var name: String
        var kinds: [ProtectionKind]
        var area: String?
        var contact: String?
        var agencyId: String?
        var acceptanceHours: Int

        init(_ record: LimesStore.ProtectionService) {
            id = record.id
            name = record.name
            kinds = record.kinds
            area = record.area
            contact = record.contact
            agencyId = record.agencyID
            acceptanceHours = record.acceptanceHours
        }
    }

    /// `Referral` as the API shows it.
    struct Referral: APIBody {
        var id: String
        var travellerId: String
        var serviceId: String
        var kind: ProtectionKind
        var status: ReferralStatus
        var shares: [SharedData]
        var consent: [String: Bool]
        var overrideReason: String?
        var overrideBy: String?
        var sentBy: String
        var sentAt: Timestamp
        var deadline: Timestamp?
        var respondedBy: String?
        var respondedAt: Timestamp?
        var responseReason: String?
        var outcome: String?
        var outcomeReason: String?

        init(_ record: LimesStore.Referral) {
            id = record.id
            travellerId = record.travellerID
            serviceId = record.serviceID
            kind = record.kind
            status = record.status
            shares = record.shares
            consent = record.consent
            overrideReason = record.overrideReason
            overrideBy = record.overrideBy
            sentBy = record.sentBy
            sentAt = record.sentAt
            deadline = record.deadline
            respondedBy = record.respondedBy
            respondedAt = record.respondedAt
            responseReason = record.responseReason
            outcome = record.outcome
            outcomeReason = record.outcomeReason
        }
    }

    /// `PartnerReferral` as the API shows it.
    struct PartnerReferral: APIBody {
        var referral: API.Referral
        var traveller: API.Traveller?
        var protectionNotes: [String]?
        var findings: [API.VulnerabilityFinding]?

        init(_ record: LimesStore.PartnerReferral) {
            referral = API.Referral(record.referral)
            traveller = record.traveller.map { API.Traveller($0) }
            protectionNotes = record.protectionNotes
            findings = record.findings.map { $0.map(API.VulnerabilityFinding.init) }
        }
    }

    /// `ReferralProposal` as the API shows it.
    struct ReferralProposal: APIBody {
        var kind: ProtectionKind
        var services: [API.Service]

        init(_ record: LimesStore.ReferralProposal) {
            kind = record.kind
            services = record.services.map(API.Service.init)
        }
    }

    /// `RegisteredPerson` as the API shows it.
    struct RegisteredPerson: APIBody {
        var travellerId: String
        var person: PersonWithoutDocuments
        var bcp: String
        var registeredBy: String
        var registeredAt: Timestamp
        var openProtectionFlags: Int

        init(_ record: LimesStore.RegisteredPerson) {
            travellerId = record.travellerID
            person = record.person
            bcp = record.bcp
            registeredBy = record.registeredBy
            registeredAt = record.registeredAt
            openProtectionFlags = record.openProtectionFlags
        }
    }

    /// `User` as the API shows it.
    struct User: APIBody {
        var id: String
        var username: String
        var displayName: String
        var agencyId: String?
        var homeBcp: String?
        var roles: Set<Role>
        var bcps: Set<String>
        var language: String
        var active: Bool

        init(_ record: LimesStore.User) {
            id = record.id
            username = record.username
            displayName = record.displayName
            agencyId = record.agencyID
            homeBcp = record.homeBCP
            roles = record.roles
            bcps = record.bcps
            language = record.language
            active = record.active
        }
    }

    /// `BCP` as the API shows it.
    struct BCP: APIBody {
        var code: String
        var name: String
        var kind: BorderCrossingPoint.Kind
        var country: String
        var agencyId: String?
        var lanes: [API.BCPLane]
        var oneStop: OneStop?

        struct OneStop: APIBody {
            var partner: String
            var partnerBcp: String
        }

        init(_ record: LimesStore.BorderCrossingPoint) {
            code = record.code
            name = record.name
            kind = record.kind
            country = record.country
            agencyId = record.agencyID
            lanes = record.lanes.map(API.BCPLane.init)
            oneStop = record.oneStop.map { OneStop(partner: $0.partner, partnerBcp: $0.partnerBCP) }
        }
    }

    /// `BCPLane` as the API shows it.
    struct BCPLane: APIBody {
        var code: String
        var name: String

        init(_ record: LimesStore.BorderCrossingPoint.Lane) {
            code = record.code
            name = record.name
        }
    }

    /// `BCPDayStatistics` as the API shows it.
    struct BCPDayStatistics: APIBody {
        var bcp: String
        var day: CalendarDate
        var hours: [API.BCPHour]
        var entries: Int
        var exits: Int
        var admitted: Int
        var referred: Int
        var refused: Int
        var openCases: Int
        var medianProcessingSeconds: Double?
        var p90ProcessingSeconds: Double?

        init(_ record: LimesStore.BCPDayStatistics) {
            bcp = record.bcp
            day = record.day
            hours = record.hours.map(API.BCPHour.init)
            entries = record.entries
            exits = record.exits
            admitted = record.admitted
            referred = record.referred
            refused = record.refused
            openCases = record.openCases
            medianProcessingSeconds = record.medianProcessingSeconds
            p90ProcessingSeconds = record.p90ProcessingSeconds
        }
    }

    /// `BCPHour` as the API shows it.
    struct BCPHour: APIBody {
        var hour: Int
        var entries: Int
        var exits: Int

        init(_ record: LimesStore.BCPDayStatistics.Hour) {
            hour = record.hour
            entries = record.entries
            exits = record.exits
        }
    }

    /// `AuditVerification` as the API shows it.
    struct AuditVerification: APIBody {
        var events: Int
        var records: Int
        var checkpoints: Int
        var problems: [String]

        init(_ record: LimesStore.AuditVerification) {
            events = record.events
            records = record.records
            checkpoints = record.checkpoints
            problems = record.problems
        }
    }
}

extension API {
    // A store record as the API shows it: `Response.json(API.of(record))`.
    static func of(_ record: LimesStore.TravellerRecord) -> API.Traveller { API.Traveller(record) }
    static func of(_ records: [LimesStore.TravellerRecord]) -> [API.Traveller] { records.map { API.Traveller($0) } }
    static func of(_ record: LimesStore.DocumentRecord) -> API.Document { API.Document(record) }
    static func of(_ records: [LimesStore.DocumentRecord]) -> [API.Document] { records.map { API.Document($0) } }
    static func of(_ record: LimesStore.HitRecord) -> API.Hit { API.Hit(record) }
    static func of(_ records: [LimesStore.HitRecord]) -> [API.Hit] { records.map { API.Hit($0) } }
    static func of(_ record: LimesStore.CheckRecord) -> API.Check { API.Check(record) }
    static func of(_ records: [LimesStore.CheckRecord]) -> [API.Check] { records.map(API.Check.init) }
    static func of(_ record: LimesStore.CrossingRecord) -> API.Crossing { API.Crossing(record) }
    static func of(_ records: [LimesStore.CrossingRecord]) -> [API.Crossing] { records.map { API.Crossing($0) } }
    static func of(_ record: LimesStore.SecondLineCase) -> API.Case { API.Case(record) }
    static func of(_ records: [LimesStore.SecondLineCase]) -> [API.Case] { records.map(API.Case.init) }
    static func of(_ record: LimesStore.Overstayer) -> API.Overstayer { API.Overstayer(record) }
    static func of(_ records: [LimesStore.Overstayer]) -> [API.Overstayer] { records.map { API.Overstayer($0) } }
    static func of(_ record: LimesStore.TravellerHistory) -> API.TravellerHistory { API.TravellerHistory(record) }
    static func of(_ records: [LimesStore.TravellerHistory]) -> [API.TravellerHistory] { records.map(API.TravellerHistory.init) }
    static func of(_ record: LimesStore.ProtectionFlag) -> API.ProtectionFlag { API.ProtectionFlag(record) }
    static func of(_ records: [LimesStore.ProtectionFlag]) -> [API.ProtectionFlag] { records.map(API.ProtectionFlag.init) }
    static func of(_ record: LimesStore.SafeguardReview) -> API.SafeguardReview { API.SafeguardReview(record) }
    static func of(_ records: [LimesStore.SafeguardReview]) -> [API.SafeguardReview] { records.map(API.SafeguardReview.init) }
    static func of(_ record: LimesStore.VulnerabilityAssessment) -> API.VulnerabilityAssessment { API.VulnerabilityAssessment(record) }
    static func of(_ records: [LimesStore.VulnerabilityAssessment]) -> [API.VulnerabilityAssessment] { records.map(API.VulnerabilityAssessment.init) }
    static func of(_ record: LimesStore.OpenProtectionFlag) -> API.OpenProtectionFlag { API.OpenProtectionFlag(record) }
    static func of(_ records: [LimesStore.OpenProtectionFlag]) -> [API.OpenProtectionFlag] { records.map(API.OpenProtectionFlag.init) }
    static func of(_ record: LimesStore.AgeAssessment) -> API.AgeAssessment { API.AgeAssessment(record) }
    static func of(_ records: [LimesStore.AgeAssessment]) -> [API.AgeAssessment] { records.map(API.AgeAssessment.init) }
    static func of(_ record: LimesStore.InformationGiven) -> API.InformationGiven { API.InformationGiven(record) }
    static func of(_ records: [LimesStore.InformationGiven]) -> [API.InformationGiven] { records.map(API.InformationGiven.init) }
    static func of(_ record: LimesStore.ProtectionStatistics) -> API.ProtectionStatistics { API.ProtectionStatistics(record) }
    static func of(_ records: [LimesStore.ProtectionStatistics]) -> [API.ProtectionStatistics] { records.map(API.ProtectionStatistics.init) }
    static func of(_ record: LimesStore.ProtectionService) -> API.Service { API.Service(record) }
    static func of(_ records: [LimesStore.ProtectionService]) -> [API.Service] { records.map(API.Service.init) }
    static func of(_ record: LimesStore.Referral) -> API.Referral { API.Referral(record) }
    static func of(_ records: [LimesStore.Referral]) -> [API.Referral] { records.map(API.Referral.init) }
    static func of(_ record: LimesStore.PartnerReferral) -> API.PartnerReferral { API.PartnerReferral(record) }
    static func of(_ records: [LimesStore.PartnerReferral]) -> [API.PartnerReferral] { records.map(API.PartnerReferral.init) }
    static func of(_ record: LimesStore.ReferralProposal) -> API.ReferralProposal { API.ReferralProposal(record) }
    static func of(_ records: [LimesStore.ReferralProposal]) -> [API.ReferralProposal] { records.map(API.ReferralProposal.init) }
    static func of(_ record: LimesStore.RegisteredPerson) -> API.RegisteredPerson { API.RegisteredPerson(record) }
    static func of(_ records: [LimesStore.RegisteredPerson]) -> [API.RegisteredPerson] { records.map(API.RegisteredPerson.init) }
    static func of(_ record: LimesStore.User) -> API.User { API.User(record) }
    static func of(_ records: [LimesStore.User]) -> [API.User] { records.map(API.User.init) }
    static func of(_ record: LimesStore.BorderCrossingPoint) -> API.BCP { API.BCP(record) }
    static func of(_ records: [LimesStore.BorderCrossingPoint]) -> [API.BCP] { records.map(API.BCP.init) }
    static func of(_ record: LimesStore.BCPDayStatistics) -> API.BCPDayStatistics { API.BCPDayStatistics(record) }
    static func of(_ records: [LimesStore.BCPDayStatistics]) -> [API.BCPDayStatistics] { records.map(API.BCPDayStatistics.init) }
}
