import Foundation
import LimesCore
import SQLKit

/// Travellers, their documents, checks and crossings, and what officers may reach of them.
/// Owns `travellers`, `documents`, `traveller_links`, `checks` and `crossings`.
public struct CrossingStore: StoreConcept {
    let store: Store
}

extension Store {
    public var crossings: CrossingStore { CrossingStore(store: self) }
}

extension CrossingStore {
    // MARK: Reading before a check

    /// The traveller a document belongs to, with the crossings the check's window needs and
    /// the clearances of the document. A document seen before finds its holder; a new passport
    /// finds a holder by the same name, birth date and nationality.
    public func context(for document: MRZDocument, window: HistoryWindow) async throws -> TravellerContext {
        let documentKey = DocumentNumber.key(number: document.documentNumber, country: document.issuingState.code)
        // One pass through the reader: this runs before every check.
        let (found, crossingRows, clearanceRows, flags) = try await read { db in
            let found = try await CrossingStore.lookUp(document, on: db)
            var crossings: [any SQLRow] = []
            var flags = 0
            if let id = found.travellerID {
                crossings = try await CrossingStore.crossingRows(travellerID: id, since: window.since, on: db)
                flags = try await ProtectionStore.openProtectionFlagCount(travellerID: id, on: db)
            }
            return (found, crossings, try await WatchlistStore.clearanceRows(documentKey: documentKey, on: db), flags)
        }
        var crossings = try crossingRows.map(CrossingStore.crossing(from:))
        if let id = found.travellerID, let earlier = window.reachingBack(lastAdmitted: crossings.last(where: { $0.decision == .admit })?.past) {
            // An exit after a stay that began before the window: rare enough for a second read.
            crossings = try await read { db in try await CrossingStore.crossingRows(travellerID: id, since: earlier, on: db) }.map(
                CrossingStore.crossing(from:)
            )
        }
        return TravellerContext(
            travellerID: found.travellerID,
            documentID: found.documentID,
            crossings: crossings,
            clearances: try WatchlistStore.clearances(from: clearanceRows, documentKey: documentKey),
            openProtectionFlags: flags,
            identity: found.identity,
            sharesDocumentWith: found.sharesDocumentWith
        )
    }

    /// A traveller's crossings as `HistoryWindow` defines them from `since`, and the five most
    /// recent whatever their age (the check shows them), oldest first. Both look-ups walk the
    /// (traveller, day) index back from the end, so a long history costs no more than a short one.
    static func crossingRows(travellerID id: String, since: CalendarDate, on db: any SQLDatabase) async throws -> [any SQLRow] {
        let day = since.description
        return try await db.raw(
            """
            SELECT * FROM crossings WHERE traveller_id = \(bind: id) AND (day >= \(bind: day)
                OR decided_at >= (SELECT decided_at FROM crossings WHERE traveller_id = \(bind: id) AND day < \(bind: day)
                    AND decision = \(bind: Decision.admit.rawValue) ORDER BY day DESC, decided_at DESC LIMIT 1)
                OR id IN (SELECT id FROM crossings WHERE traveller_id = \(bind: id) ORDER BY day DESC, decided_at DESC LIMIT 5))
            ORDER BY day, decided_at
            """
        ).all()
    }

    /// Who presents this document, by `IdentityRules`.
    struct DocumentHolder: Sendable {
        var travellerID: String?
        var documentID: String?
        var sharesDocumentWith: String?
        var identity: IdentityFinding?
    }

    /// Whose document this is. A document seen before belongs to its recorded holder if the
    /// presenter can be that person, or to a traveller already linked to it as sharing it; else
    /// the presenter is a new traveller, linked to the holder. A document not seen before finds
    /// a known person by the same name, birth date, sex and nationality (a likely renewal).
    static func lookUp(_ document: MRZDocument, on db: any SQLDatabase) async throws -> DocumentHolder {
        let presented = TravellerIdentity(
            surname: document.surname,
            givenNames: document.givenNames,
            birthDate: document.dateOfBirth.iso ?? "",
            sex: document.sex?.rawValue,
            nationality: document.nationality.code
        )
        let row = try await db.raw(
            """
            SELECT d.id AS document_id, d.expiry, t.* FROM documents d JOIN travellers t ON t.id = d.traveller_id
            WHERE d.issuer = \(bind: document.issuingState.code) AND d.number = \(bind: document.documentNumber)
            """
        ).first()
        if let row {
            let documentID = try row.decode(column: "document_id", as: String.self)
            let holder = try CrossingStore.traveller(from: row)
            let differences = IdentityRules.differences(recorded: holder.identity, presented: presented)
            if differences.isEmpty { return DocumentHolder(travellerID: holder.id, documentID: documentID) }
            let recorded = RecordedDocument(
                issuer: document.issuingState.code,
                number: document.documentNumber,
                expiry: try row.decode(column: "expiry", as: String?.self)
            )
            let finding = IdentityFinding.documentRecordedFor(holder.identity, document: recorded, differences: differences)
            let sharers = try await db.raw(
                """
                SELECT t.* FROM traveller_links l JOIN travellers t ON t.id = l.traveller_id
                WHERE l.document_id = \(bind: documentID) AND l.kind = 'shares_document' ORDER BY l.created_at
                """
            ).all().map(CrossingStore.traveller(from:))
            let known = sharers.first(where: { IdentityRules.differences(recorded: $0.identity, presented: presented).isEmpty })
            return DocumentHolder(
                travellerID: known?.id,
                documentID: documentID,
                sharesDocumentWith: known == nil ? holder.id : nil,
                identity: finding
            )
        }
        guard let birth = document.dateOfBirth.iso else { return DocumentHolder() }
        let candidates = try await db.raw(
            """
            SELECT * FROM travellers WHERE surname = \(bind: document.surname) AND given_names = \(bind: document.givenNames)
                AND birth_date = \(bind: birth) AND nationality = \(bind: document.nationality.code)
            """
        ).all().map(CrossingStore.traveller(from:))
        guard let known = candidates.first(where: { IdentityRules.isSamePersonWithAnotherDocument(recorded: $0.identity, presented: presented) })
        else { return DocumentHolder() }
        let previous = try await db.raw("SELECT issuer, number, expiry FROM documents WHERE traveller_id = \(bind: known.id) ORDER BY expiry").all()
            .map {
                RecordedDocument(
                    issuer: try $0.decode(column: "issuer", as: String.self),
                    number: try $0.decode(column: "number", as: String.self),
                    expiry: try $0.decode(column: "expiry", as: String?.self)
                )
            }
        return DocumentHolder(travellerID: known.id, identity: previous.isEmpty ? nil : .likelyRenewal(previous: previous))
    }

    // MARK: Recording a check

    /// Stores a check with its hits, creating the traveller and document when first seen.
    public func recordCheck(_ check: NewCheck, purpose: String) async throws -> CheckRecord {
        let id = Store.newID()
        let document = check.document
        let hits = check.hits.map { hit in
            HitRecord(
                id: Store.newID(),
                checkID: id,
                alertID: hit.alertID,
                list: hit.list.rawValue,
                action: hit.action.rawValue,
                band: hit.band.rawValue,
                score: hit.score,
                reasons: hit.reasons,
                evidence: hit.evidence,
                status: hit.previouslyCleared == nil ? .open : .cleared,
                resolvedBy: hit.previouslyCleared?.officer,
                resolvedAt: nil,
                resolutionReason: hit.previouslyCleared?.reason
            )
        }
        let resultJSON = try Store.json(CheckResultColumns(verdict: check.verdict, stay: check.stay, documentChecks: check.documentChecks))
        // Trust what was just read; if another booth stored the same document in between, the
        // unique constraint refuses the first attempt and the second looks again.
        let attempt = { @Sendable (known: TravellerContext?) async throws -> (TravellerRecord, DocumentRecord) in
            try await self.transaction { db in
                let found = try await CrossingStore.holder(of: document, known: known, on: db)
                let (traveller, documentRecord) = try await self.findOrCreateTraveller(document, found: found, at: check.checkedAt, on: db)
                let checkValues: [any Encodable & Sendable] = [
                    id, traveller.id, documentRecord.id, check.bcp, check.lane, check.direction.rawValue, check.officerID,
                    check.startedAt.description, check.checkedAt.description, check.verdict.level.rawValue, check.stayBasis.rawValue, resultJSON,
                    check.stay.latestExit?.description ?? "",
                ]
                try await db.raw(
                    """
                    INSERT INTO checks (id, traveller_id, document_id, bcp_code, lane_code, direction, officer_id, started_at, checked_at,
                        verdict, stay_basis, result, latest_exit) VALUES (\(binds: checkValues))
                    """
                ).run()
                try await CrossingStore.link(
                    traveller: traveller.id,
                    document: documentRecord.id,
                    found: found,
                    checkID: id,
                    at: check.checkedAt,
                    on: db
                )
                try await SecondLineStore.insert(hits, checkID: id, travellerID: traveller.id, on: db)
                // Each hit has an event of its own, so that its row is vouched for from the start.
                try await self.appendAudit(
                    [
                        AuditEntry(actor: check.officerID, action: "create", recordType: "check", recordID: id, purpose: purpose),
                        AuditEntry(actor: check.officerID, action: "read", recordType: "traveller", recordID: traveller.id, purpose: purpose),
                    ]
                        + hits.map { AuditEntry(actor: check.officerID, action: "create", recordType: "hit", recordID: $0.id, purpose: purpose) },
                    at: check.checkedAt,
                    on: db
                )
                return (traveller, documentRecord)
            }
        }
        let traveller: TravellerRecord, documentRecord: DocumentRecord
        do {
            (traveller, documentRecord) = try await attempt(check.known)
        } catch  where check.known != nil && !(error is StoreError) {
            (traveller, documentRecord) = try await attempt(nil)
        }
        return CheckRecord(
            id: id,
            traveller: traveller,
            document: documentRecord,
            bcp: check.bcp,
            lane: check.lane,
            direction: check.direction,
            officerID: check.officerID,
            startedAt: check.startedAt,
            checkedAt: check.checkedAt,
            verdict: check.verdict,
            stay: check.stay,
            stayBasis: check.stayBasis,
            documentChecks: check.documentChecks,
            hits: hits
        )
    }

    struct CheckResultColumns: Codable {
        var verdict: Verdict
        var stay: StayAssessment
        var documentChecks: [DocumentCheck]
    }

    /// The traveller and document records of a check, made when first seen. What `known` says
    /// was found (or not) a moment before is trusted, so the usual check costs no extra read; a
    /// document stored in between by another booth breaks the unique constraint, and
    /// `recordCheck` tries again without `known`.
    /// What `known` says was found a moment before, or a new look.
    static func holder(of document: MRZDocument, known: TravellerContext?, on db: any SQLDatabase) async throws -> DocumentHolder {
        guard let known else { return try await CrossingStore.lookUp(document, on: db) }
        return DocumentHolder(
            travellerID: known.travellerID,
            documentID: known.documentID,
            sharesDocumentWith: known.sharesDocumentWith,
            identity: known.identity
        )
    }

    /// The links a check found are facts of that check: a presenter who is not the document's
    /// holder is linked to the holder, and a known person's new document to its traveller. A
    /// check never merges two people.
    static func link(traveller: String, document: String, found: DocumentHolder, checkID: String, at: Timestamp, on db: any SQLDatabase)
        async throws
    {
        var link: (other: String, kind: String)?
        if let holder = found.sharesDocumentWith { link = (holder, "shares_document") }
        if case .likelyRenewal = found.identity, found.documentID == nil { link = (traveller, "likely_renewal") }
        guard let link else { return }
        let values: [any Encodable & Sendable] = [traveller, link.other, link.kind, document, checkID, at.description]
        try await db.raw(
            "INSERT INTO traveller_links (traveller_id, other_id, kind, document_id, check_id, created_at) VALUES (\(binds: values))"
        ).run()
    }

    /// A new traveller, inside the caller's transaction.
    static func insert(_ traveller: TravellerRecord, at: Timestamp, on db: any SQLDatabase) async throws {
        let values: [any Encodable & Sendable] = [
            traveller.id, traveller.surname, traveller.givenNames, traveller.birthDate, traveller.sex, traveller.nationality, at.description,
        ]
        try await db.raw("INSERT INTO travellers (id, surname, given_names, birth_date, sex, nationality, created_at) VALUES (\(binds: values))")
            .run()
    }

    private func findOrCreateTraveller(_ document: MRZDocument, found: DocumentHolder, at: Timestamp, on db: any SQLDatabase) async throws
        -> (TravellerRecord, DocumentRecord)
    {
        let traveller = TravellerRecord(
            id: found.travellerID ?? Store.newID(),
            surname: document.surname,
            givenNames: document.givenNames,
            birthDate: document.dateOfBirth.iso ?? "",
            sex: document.sex?.rawValue,
            nationality: document.nationality.code
        )
        if found.travellerID == nil {
            try await CrossingStore.insert(traveller, at: at, on: db)
        }
        let record = DocumentRecord(
            id: found.documentID ?? Store.newID(),
            kind: document.kind.rawValue,
            code: document.documentCode,
            issuer: document.issuingState.code,
            number: document.documentNumber,
            expiry: document.dateOfExpiry.date?.description
        )
        if found.documentID == nil {
            let values: [any Encodable & Sendable] = [record.id, traveller.id, record.kind, record.code, record.issuer, record.number, record.expiry]
            try await db.raw("INSERT INTO documents (id, traveller_id, kind, code, issuer, number, expiry) VALUES (\(binds: values))").run()
        }
        return (traveller, record)
    }

    // MARK: Decisions

    /// Records an officer's decision on a check, once: a retry with the same idempotency key
    /// returns the first record (`replayed`), and a check already decided at this stage is a
    /// conflict. A referral opens a second-line case; a second-line decision closes it.
    ///
    /// - Parameter allowedBCPs: where the officer works; a check made elsewhere is refused.
    public func recordDecision(_ decision: NewDecision, policy: EntryPolicy, allowedBCPs: Set<String>? = nil, purpose: String) async throws -> (
        crossing: CrossingRecord, replayed: Bool
    ) {
        if let violation = DecisionRules.violation(of: decision.decision, ground: decision.ground, at: decision.stage, policy: policy) {
            throw StoreError(violation.message, field: violation.field)
        }
        return try await transaction { db in
            // One look for both: an earlier answer to this key, or this check already decided.
            let earlierRows: [any SQLRow]
            if let key = decision.idempotencyKey {
                earlierRows = try await db.raw(
                    """
                    SELECT * FROM crossings WHERE (check_id = \(bind: decision.checkID) AND stage = \(bind: decision.stage.rawValue))
                        OR (officer_id = \(bind: decision.officerID) AND idempotency_key = \(bind: key))
                    """
                ).all()
            } else {
                earlierRows = try await db.raw(
                    "SELECT * FROM crossings WHERE check_id = \(bind: decision.checkID) AND stage = \(bind: decision.stage.rawValue)"
                ).all()
            }
            for earlier in earlierRows {
                let record = try CrossingStore.crossing(from: earlier)
                if let key = decision.idempotencyKey, try earlier.decode(column: "idempotency_key", as: String?.self) == key,
                    record.officerID == decision.officerID
                {
                    guard try earlier.decode(column: "request_hash", as: String?.self) == decision.requestHash else {
                        throw StoreError("Idempotency-Key '\(key)' was used for a different request", code: .conflict, field: "Idempotency-Key")
                    }
                    return (record, true)
                }
            }
            if let done = earlierRows.first(where: {
                (try? $0.decode(column: "check_id", as: String.self)) == decision.checkID
                    && (try? $0.decode(column: "stage", as: String.self)) == decision.stage.rawValue
            }) {
                let id = try done.decode(column: "id", as: String.self)
                let what = try done.decode(column: "decision", as: String.self)
                throw StoreError(
                    "check \(decision.checkID) was already decided at \(decision.stage.rawValue) line (\(what), crossing \(id))",
                    code: .conflict,
                    field: "checkId"
                )
            }
            // With what the statistics' rollups count of the traveller and document.
            guard
                let check = try await db.raw(
                    """
                    SELECT k.id, k.traveller_id, k.document_id, k.bcp_code, k.lane_code, k.direction, k.stay_basis, k.started_at,
                        k.latest_exit, t.nationality, t.sex, t.birth_date, d.kind AS document_type
                    FROM checks k JOIN travellers t ON t.id = k.traveller_id JOIN documents d ON d.id = k.document_id
                    WHERE k.id = \(bind: decision.checkID)
                    """
                ).first()
            else {
                throw StoreError("no check \(decision.checkID)", code: .notFound, field: "checkId")
            }
            let checkBCP = try check.decode(column: "bcp_code", as: String.self)
            if let allowedBCPs, !allowedBCPs.contains(checkBCP) {
                throw StoreError("check \(decision.checkID) was made at \(checkBCP), where you are not assigned", code: .forbidden, field: "bcp")
            }
            let travellerID = try check.decode(column: "traveller_id", as: String.self)
            if decision.decision == .refuse {
                try await ProtectionStore.requireSafeguardReview(travellerID: travellerID, checkID: decision.checkID, on: db)
            }
            let bcp = try check.decode(column: "bcp_code", as: String.self)
            let direction = try check.value("direction", as: Direction.self, of: "checks")
            let basis = try check.value("stay_basis", as: StayBasis.self, of: "checks")
            // Only a second-line decision has a case to close.
            let caseRow =
                decision.stage == .second
                ? try await db.select().columns("id", "status").from("cases").where("check_id", .equal, decision.checkID).first() : nil
            switch decision.stage {
            case .first:
                break
            case .second:
                guard let caseRow, try caseRow.decode(column: "status", as: String.self) == "open" else {
                    throw StoreError("check \(decision.checkID) has no open second-line case", code: .conflict, field: "checkId")
                }
                if decision.decision == .admit {
                    let open = try await db.select().column("alert_id").from("hits").where("check_id", .equal, decision.checkID)
                        .where("status", .equal, HitRecord.Status.open.rawValue).all()
                    if !open.isEmpty {
                        let ids = try open.map { try $0.decode(column: "alert_id", as: String.self) }.joined(separator: ", ")
                        throw StoreError("resolve the open hits first (alerts \(ids)): confirm or dismiss each", code: .conflict, field: "decision")
                    }
                }
            }
            let authorised =
                decision.decision == .admit && direction == .entry && basis.counts
                ? try await CrossingStore.latestExit(of: check, checkID: decision.checkID, on: db) : nil
            let record = CrossingRecord(
                id: Store.newID(),
                checkID: decision.checkID,
                stage: decision.stage,
                travellerID: travellerID,
                bcp: bcp,
                lane: try check.decode(column: "lane_code", as: String.self),
                direction: direction,
                officerID: decision.officerID,
                decision: decision.decision,
                ground: decision.ground,
                note: decision.note,
                stayBasis: basis,
                day: decision.decidedAt.day,
                checkStartedAt: try check.time("started_at", of: "checks"),
                decidedAt: decision.decidedAt,
                authorisedUntil: authorised
            )
            let crossingValues: [any Encodable & Sendable] = [
                record.id, record.checkID, record.stage.rawValue, record.travellerID, try check.decode(column: "document_id", as: String.self),
                record.bcp, record.lane, record.direction.rawValue, record.officerID, record.decision.rawValue, record.ground, record.note,
                record.stayBasis.rawValue, record.day.description, record.checkStartedAt.description, record.decidedAt.description,
                record.authorisedUntil?.description, decision.idempotencyKey, decision.requestHash,
            ]
            try await db.raw(
                """
                INSERT INTO crossings (id, check_id, stage, traveller_id, document_id, bcp_code, lane_code, direction, officer_id, decision,
                    ground, note, stay_basis, day, check_started_at, decided_at, authorised_until, idempotency_key, request_hash)
                VALUES (\(binds: crossingValues))
                """
            ).run()
            try await StatisticsStore.count(
                StatisticsStore.Counted(
                    record,
                    citizenship: try check.decode(column: "nationality", as: String.self),
                    sex: try check.decode(column: "sex", as: String?.self),
                    birth: try check.decode(column: "birth_date", as: String.self),
                    documentType: try check.decode(column: "document_type", as: String.self)
                ),
                engine: engine,
                on: db
            )
            var audit = [
                AuditEntry(actor: decision.officerID, action: "create", recordType: "crossing", recordID: record.id, purpose: purpose)
            ]
            if let flag = decision.protectionFlag {
                let raised = flag.flag(
                    travellerID: travellerID,
                    stage: decision.stage.rawValue,
                    checkID: decision.checkID,
                    by: decision.officerID,
                    at: decision.decidedAt
                )
                audit.append(try await ProtectionStore.insert(raised, on: db))
            }
            if decision.decision == .refer {
                let caseID = try await SecondLineStore.openCase(
                    checkID: decision.checkID,
                    travellerID: travellerID,
                    bcp: bcp,
                    at: decision.decidedAt,
                    by: decision.officerID,
                    note: decision.note,
                    on: db
                )
                audit.append(AuditEntry(actor: decision.officerID, action: "create", recordType: "case", recordID: caseID, purpose: purpose))
            } else if decision.stage == .second, let caseRow {
                let caseID = try caseRow.decode(column: "id", as: String.self)
                try await SecondLineStore.closeCase(caseID, decision: decision.decision, at: decision.decidedAt, by: decision.officerID, on: db)
                audit.append(AuditEntry(actor: decision.officerID, action: "update", recordType: "case", recordID: caseID, purpose: purpose))
            }
            try await self.appendAudit(audit, at: decision.decidedAt, on: db)
            return (record, false)
        }
    }

    /// The crossing a key already recorded, for answering a retry that lost a race.
    public func crossing(officerID: String, idempotencyKey: String) async throws -> CrossingRecord? {
        try await read { db in
            try await db.select().columns("*").from("crossings").where("officer_id", .equal, officerID)
                .where("idempotency_key", .equal, idempotencyKey).first().map(CrossingStore.crossing(from:))
        }
    }

    /// The latest exit a check found: from its column, or for a check stored before the
    /// column existed, from its stored result.
    static func latestExit(of check: any SQLRow, checkID: String, on db: any SQLDatabase) async throws -> CalendarDate? {
        if let stored = try check.decode(column: "latest_exit", as: String?.self) {
            guard !stored.isEmpty else { return nil }
            guard let day = CalendarDate(iso: stored) else {
                throw StoreError("checks row \(checkID): column latest_exit holds '\(stored)', which is not a date")
            }
            return day
        }
        guard let row = try await db.raw("SELECT result FROM checks WHERE id = \(bind: checkID)").first() else { return nil }
        struct StayOnly: Decodable { var stay: StayAssessment }
        return try Store.decodeJSON(StayOnly.self, try row.decode(column: "result", as: String.self)).stay.latestExit
    }

    // MARK: Reading

    /// Every crossing recorded with an idempotency key, as (crossing id, key): what the crash
    /// test compares with the answers its clients received.
    public func idempotentCrossings() async throws -> [(id: String, key: String)] {
        try await read { db in
            try await db.raw("SELECT id, idempotency_key FROM crossings WHERE idempotency_key IS NOT NULL").all()
        }.map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "idempotency_key", as: String.self)) }
    }

    /// A traveller's record alone, without their history.
    public func traveller(id: String) async throws -> TravellerRecord? {
        try await read { db in try await db.raw("SELECT * FROM travellers WHERE id = \(bind: id)").first() }.map(CrossingStore.traveller(from:))
    }

    /// The decisions recorded on a check, first line before second.
    public func decisions(checkID: String) async throws -> [CrossingRecord] {
        try await read { db in
            try await db.raw("SELECT * FROM crossings WHERE check_id = \(bind: checkID) ORDER BY decided_at").all()
        }.map(CrossingStore.crossing(from:))
    }

    /// A traveller's most recent crossings other than those of one check, newest first: what a
    /// check's answer shows again when it is looked at later.
    public func recentCrossings(travellerID: String, besides checkID: String, limit: Int = 5) async throws -> [CrossingRecord] {
        try await read { db in
            try await db.raw(
                """
                SELECT * FROM crossings WHERE traveller_id = \(bind: travellerID) AND check_id <> \(bind: checkID)
                ORDER BY day DESC, decided_at DESC LIMIT \(bind: limit)
                """
            ).all()
        }.map(CrossingStore.crossing(from:))
    }

    public func check(id: String) async throws -> CheckRecord? {
        let rows = try await read { db -> (any SQLRow, any SQLRow, any SQLRow, [any SQLRow])? in
            guard let check = try await db.select().columns("*").from("checks").where("id", .equal, id).first() else { return nil }
            let travellerID = try check.decode(column: "traveller_id", as: String.self)
            let documentID = try check.decode(column: "document_id", as: String.self)
            guard let traveller = try await db.select().columns("*").from("travellers").where("id", .equal, travellerID).first(),
                let document = try await db.select().columns("*").from("documents").where("id", .equal, documentID).first()
            else { return nil }
            let hits = try await db.select().columns("*").from("hits").where("check_id", .equal, id).orderBy("score", .descending).all()
            return (check, traveller, document, hits)
        }
        guard let (check, traveller, document, hits) = rows else { return nil }
        let result = try Store.decodeJSON(CheckResultColumns.self, try check.decode(column: "result", as: String.self))
        return CheckRecord(
            id: id,
            traveller: try CrossingStore.traveller(from: traveller),
            document: try CrossingStore.document(from: document),
            bcp: try check.decode(column: "bcp_code", as: String.self),
            lane: try check.decode(column: "lane_code", as: String.self),
            direction: try check.value("direction", as: Direction.self, of: "checks"),
            officerID: try check.decode(column: "officer_id", as: String.self),
            startedAt: try check.time("started_at", of: "checks"),
            checkedAt: try check.time("checked_at", of: "checks"),
            verdict: result.verdict,
            stay: result.stay,
            stayBasis: try check.value("stay_basis", as: StayBasis.self, of: "checks"),
            documentChecks: result.documentChecks,
            hits: try hits.map(SecondLineStore.hit(from:))
        )
    }

    /// A traveller's record as `mandate` lets it be read: kinds of record outside it are not
    /// read at all, and identity fields outside it are emptied here.
    public func travellerHistory(id: String, reads mandate: Mandate = .everything) async throws -> TravellerHistory? {
        let rows = try await read { db -> (any SQLRow, [any SQLRow], [any SQLRow], [any SQLRow])? in
            guard let traveller = try await db.select().columns("*").from("travellers").where("id", .equal, id).first() else { return nil }
            return (
                traveller,
                mandate.reads(.documents)
                    ? try await db.select().columns("*").from("documents").where("traveller_id", .equal, id).orderBy("id").all() : [],
                mandate.reads(.crossings)
                    ? try await db.select().columns("*").from("crossings").where("traveller_id", .equal, id).orderBy("decided_at", .descending)
                        .all() : [],
                mandate.reads(.hits)
                    ? try await db.raw(
                        "SELECT h.*, k.checked_at AS seen_at FROM hits h JOIN checks k ON k.id = h.check_id WHERE h.traveller_id = \(bind: id) ORDER BY k.checked_at DESC"
                    ).all() : []
            )
        }
        guard let (traveller, documents, crossings, hits) = rows else { return nil }
        return TravellerHistory(
            traveller: try CrossingStore.traveller(from: traveller).seen(through: mandate),
            documents: try documents.map(CrossingStore.document(from:)),
            crossings: try crossings.map(CrossingStore.crossing(from:)),
            hits: try hits.map(SecondLineStore.hit(from:)),
            readThrough: mandate
        )
    }

    /// Travellers admitted for a short stay whose authorised stay ended before `today`, with no
    /// later admitted crossing.
    public func overstayers(today: CalendarDate, reads mandate: Mandate = .everything) async throws -> [Overstayer] {
        let rows = try await read { db in
            try await db.raw(
                """
                SELECT c.day, c.bcp_code, c.authorised_until, t.id, t.surname, t.given_names, t.birth_date, t.sex, t.nationality
                FROM crossings c JOIN travellers t ON t.id = c.traveller_id
                WHERE c.direction = 'entry' AND c.decision = 'admit' AND c.authorised_until IS NOT NULL
                    AND c.authorised_until < \(bind: today.description)
                    AND NOT EXISTS (
                        SELECT 1 FROM crossings x
                        WHERE x.traveller_id = c.traveller_id AND x.decision = 'admit' AND x.decided_at > c.decided_at
                    )
                ORDER BY c.authorised_until, t.id
                """
            ).all()
        }
        return try rows.map { row in
            let until = try row.day("authorised_until", of: "crossings")
            return Overstayer(
                traveller: try CrossingStore.traveller(from: row).seen(through: mandate),
                entered: try row.day("day", of: "crossings"),
                bcp: try row.decode(column: "bcp_code", as: String.self),
                authorisedUntil: until,
                daysOver: until.days(until: today)
            )
        }
    }

    // MARK: Rows

    static func traveller(from row: any SQLRow) throws -> TravellerRecord {
        TravellerRecord(
            id: try row.decode(column: "id", as: String.self),
            surname: try row.decode(column: "surname", as: String.self),
            givenNames: try row.decode(column: "given_names", as: String.self),
            birthDate: try row.decode(column: "birth_date", as: String.self),
            sex: try row.decode(column: "sex", as: String?.self),
            nationality: try row.decode(column: "nationality", as: String.self)
        )
    }

    static func document(from row: any SQLRow) throws -> DocumentRecord {
        DocumentRecord(
            id: try row.decode(column: "id", as: String.self),
            kind: try row.decode(column: "kind", as: String.self),
            code: try row.decode(column: "code", as: String.self),
            issuer: try row.decode(column: "issuer", as: String.self),
            number: try row.decode(column: "number", as: String.self),
            expiry: try row.decode(column: "expiry", as: String?.self)
        )
    }

    static func crossing(from row: any SQLRow) throws -> CrossingRecord {
        CrossingRecord(
            id: try row.decode(column: "id", as: String.self),
            checkID: try row.decode(column: "check_id", as: String.self),
            stage: try row.value("stage", as: CrossingRecord.Stage.self, of: "crossings"),
            travellerID: try row.decode(column: "traveller_id", as: String.self),
            bcp: try row.decode(column: "bcp_code", as: String.self),
            lane: try row.decode(column: "lane_code", as: String.self),
            direction: try row.value("direction", as: Direction.self, of: "crossings"),
            officerID: try row.decode(column: "officer_id", as: String.self),
            decision: try row.value("decision", as: Decision.self, of: "crossings"),
            ground: try row.decode(column: "ground", as: String?.self),
            note: try row.decode(column: "note", as: String?.self),
            stayBasis: try row.value("stay_basis", as: StayBasis.self, of: "crossings"),
            day: try row.day("day", of: "crossings"),
            checkStartedAt: try row.time("check_started_at", of: "crossings"),
            decidedAt: try row.time("decided_at", of: "crossings"),
            authorisedUntil: try row.optionalDay("authorised_until", of: "crossings")
        )
    }
}

/// How many travellers, checks and crossings the store holds.
public struct CrossingCounts: Sendable, Hashable, Codable {
    public var travellers: Int
    public var checks: Int
    public var crossings: Int
}

extension CrossingStore {
    public func counts() async throws -> CrossingCounts {
        try await read { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT (SELECT count(*) FROM travellers) AS travellers, (SELECT count(*) FROM checks) AS checks,
                        (SELECT count(*) FROM crossings) AS crossings
                    """
                ).first()
            else { throw StoreError("counting crossings returned no row") }
            return CrossingCounts(
                travellers: try row.decode(column: "travellers", as: Int.self),
                checks: try row.decode(column: "checks", as: Int.self),
                crossings: try row.decode(column: "crossings", as: Int.self)
            )
        }
    }
}
