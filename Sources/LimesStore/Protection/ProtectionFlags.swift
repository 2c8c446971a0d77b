import Foundation
import LimesCore
import SQLKit

/// A protection flag as stored. `note` is a protection detail: only protection officers and
/// supervisors are given it.
public struct ProtectionFlag: Sendable, Hashable, Codable {
    public var id: String
    public var travellerID: String
    public var kind: ProtectionKind
    /// `first`, `second` or `later`: where in the path it was raised.
    public var stage: String
    public var checkID: String?
    public var note: String?
    public var raisedBy: String
    public var raisedAt: Timestamp
    public var status: String
}

/// A supervisor's review that lets a refusal go ahead despite a blocking flag.
public struct SafeguardReview: Sendable, Hashable, Codable {
    public var id: String
    public var checkID: String
    public var reviewerID: String
    public var reviewedAt: Timestamp
    public var reasons: String
}

/// A flag raised together with another record (a referral at first line, the registration of
/// a person without documents), in that record's transaction.
public struct NewProtectionFlag: Sendable, Hashable {
    public var kind: ProtectionKind
    public var note: String?

    /// Checks the note: trimmed, nil when blank, at most 4,000 characters.
    public init(kind: ProtectionKind, note: String?) throws {
        let trimmed = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let trimmed, trimmed.count > 4_000 { throw StoreError("the note is over 4,000 characters", field: "note") }
        if let trimmed, let problem = FreeText.textProblem(trimmed) { throw StoreError("note: \(problem)", field: "note") }
        self.kind = kind
        self.note = trimmed?.isEmpty == false ? trimmed : nil
    }

    func flag(travellerID: String, stage: String, checkID: String?, by actor: String, at moment: Timestamp) -> ProtectionFlag {
        ProtectionFlag(
            id: Store.newID(),
            travellerID: travellerID,
            kind: kind,
            stage: stage,
            checkID: checkID,
            note: note,
            raisedBy: actor,
            raisedAt: moment,
            status: "open"
        )
    }
}

/// Protection: flags, vulnerability checks, age assessments, safeguard reviews, information
/// given, services and referrals. Owns `protection_flags`, `vulnerability_assessments`,
/// `age_assessments`, `safeguard_reviews`, `information_given`, `services` and `referrals`.
public struct ProtectionStore: StoreConcept {
    let store: Store
}

extension Store {
    public var protection: ProtectionStore { ProtectionStore(store: self) }
}

extension ProtectionStore {
    /// Raises a flag on a traveller; the creation is audited with the record.
    public func raiseProtectionFlag(
        travellerID: String,
        kind: ProtectionKind,
        stage: String,
        checkID: String?,
        note: String?,
        actor: String,
        reach: TravellerReach
    ) async throws -> ProtectionFlag {
        guard ProtectionStage(rawValue: stage) != nil else {
            throw StoreError("'\(stage)' is not a stage; use first, second or later", field: "stage")
        }
        let flag = try NewProtectionFlag(kind: kind, note: note).flag(
            travellerID: travellerID,
            stage: stage,
            checkID: checkID,
            by: actor,
            at: Timestamp()
        )
        try await transaction { db in
            guard try await db.raw("SELECT id FROM travellers WHERE id = \(bind: travellerID)").first() != nil else {
                throw StoreError("no traveller \(travellerID)", code: .notFound, field: "id")
            }
            try await CrossingStore.requireWithin(reach, travellerID: travellerID, on: db)
            if let checkID {
                guard let check = try await db.raw("SELECT traveller_id FROM checks WHERE id = \(bind: checkID)").first() else {
                    throw StoreError("no check \(checkID)", code: .notFound, field: "checkId")
                }
                guard try check.decode(column: "traveller_id", as: String.self) == travellerID else {
                    throw StoreError("check \(checkID) is of another traveller", field: "checkId")
                }
            }
            try await self.appendAudit([try await ProtectionStore.insert(flag, on: db)], at: flag.raisedAt, on: db)
        }
        return flag
    }

    /// Writes a flag whose traveller and check the caller has made sure of, and returns the
    /// audit entry of its creation for the caller's transaction to append.
    static func insert(_ flag: ProtectionFlag, on db: any SQLDatabase) async throws -> AuditEntry {
        try await db.insert(into: "protection_flags")
            .columns("id", "traveller_id", "kind", "stage", "check_id", "note", "raised_by", "raised_at", "status")
            .values(
                flag.id,
                flag.travellerID,
                flag.kind.rawValue,
                flag.stage,
                flag.checkID,
                flag.note,
                flag.raisedBy,
                flag.raisedAt.description,
                flag.status
            )
            .run()
        return AuditEntry(actor: flag.raisedBy, action: "create", recordType: "protection_flag", recordID: flag.id, purpose: "protection flag")
    }

    /// A traveller's flags, newest first. The caller audits the read.
    public func protectionFlags(travellerID: String) async throws -> [ProtectionFlag] {
        let rows = try await read { db in
            try await db.raw("SELECT * FROM protection_flags WHERE traveller_id = \(bind: travellerID) ORDER BY raised_at DESC").all()
        }
        return try rows.map(ProtectionStore.protectionFlag(from:))
    }

    static func protectionFlag(from row: any SQLRow) throws -> ProtectionFlag {
        ProtectionFlag(
            id: try row.decode(column: "id", as: String.self),
            travellerID: try row.decode(column: "traveller_id", as: String.self),
            kind: try row.value("kind", as: ProtectionKind.self, of: "protection_flags"),
            stage: try row.decode(column: "stage", as: String.self),
            checkID: try row.decode(column: "check_id", as: String?.self),
            note: try row.decode(column: "note", as: String?.self),
            raisedBy: try row.decode(column: "raised_by", as: String.self),
            raisedAt: try row.time("raised_at", of: "protection_flags"),
            status: try row.decode(column: "status", as: String.self)
        )
    }

    /// Records a supervisor's review of a check whose refusal a flag holds back.
    public func recordSafeguardReview(checkID: String, reasons: String, reviewer: String) async throws -> SafeguardReview {
        let text = reasons.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count >= 10 else { throw StoreError("give the review's reasons (10 characters at least)", field: "reasons") }
        let review = SafeguardReview(id: Store.newID(), checkID: checkID, reviewerID: reviewer, reviewedAt: Timestamp(), reasons: text)
        try await transaction { db in
            guard try await db.raw("SELECT id FROM checks WHERE id = \(bind: checkID)").first() != nil else {
                throw StoreError("no check \(checkID)", code: .notFound, field: "id")
            }
            if try await db.raw("SELECT id FROM safeguard_reviews WHERE check_id = \(bind: checkID)").first() != nil {
                throw StoreError("check \(checkID) was already reviewed", code: .conflict, field: "id")
            }
            try await db.insert(into: "safeguard_reviews").columns("id", "check_id", "reviewer_id", "reviewed_at", "reasons")
                .values(review.id, review.checkID, review.reviewerID, review.reviewedAt.description, review.reasons).run()
            try await self.appendAudit(
                [AuditEntry(actor: reviewer, action: "create", recordType: "safeguard_review", recordID: review.id, purpose: "safeguard review")],
                at: review.reviewedAt,
                on: db
            )
        }
        return review
    }

    /// The review of a check, if a supervisor recorded one.
    public func safeguardReview(checkID: String) async throws -> SafeguardReview? {
        let row = try await read { db in try await db.raw("SELECT * FROM safeguard_reviews WHERE check_id = \(bind: checkID)").first() }
        guard let row else { return nil }
        return SafeguardReview(
            id: try row.decode(column: "id", as: String.self),
            checkID: checkID,
            reviewerID: try row.decode(column: "reviewer_id", as: String.self),
            reviewedAt: try row.time("reviewed_at", of: "safeguard_reviews"),
            reasons: try row.decode(column: "reasons", as: String.self)
        )
    }

    /// Refuses a refusal while the traveller has an open flag that blocks it and no supervisor
    /// has reviewed this check. Runs inside the decision's transaction.
    static func requireSafeguardReview(travellerID: String, checkID: String, on db: any SQLDatabase) async throws {
        let blocking = ProtectionKind.allCases.filter(\.blocksRefusal).map(\.rawValue)
        let flags = try await db.raw(
            """
            SELECT kind FROM protection_flags WHERE traveller_id = \(bind: travellerID) AND status = 'open'
                AND kind IN (\(binds: blocking))
            """
        ).all()
        // An age in doubt blocks too: until assessed, the person is treated as a child.
        let child = try await ProtectionStore.treatedAsChild(travellerID: travellerID, on: db)
        guard !flags.isEmpty || child else { return }
        guard try await db.raw("SELECT id FROM safeguard_reviews WHERE check_id = \(bind: checkID)").first() == nil else { return }
        throw StoreError(
            "this person has an open protection flag: a refusal or return needs a supervisor's safeguard review first",
            code: .conflict,
            field: "decision"
        )
    }

    /// How many open flags a traveller has: what officers other than protection staff are told.
    public func openProtectionFlagCount(travellerID: String) async throws -> Int {
        try await read { db in try await ProtectionStore.openProtectionFlagCount(travellerID: travellerID, on: db) }
    }

    static func openProtectionFlagCount(travellerID: String, on db: any SQLDatabase) async throws -> Int {
        // One statement: this runs before every check of a known traveller. An age in doubt
        // counts as a flag: until assessed, the person is treated as a child.
        guard
            let row = try await db.raw(
                "SELECT (SELECT count(*) FROM protection_flags WHERE traveller_id = \(bind: travellerID) AND status = 'open') AS flags, "
                    + ProtectionStore.ageInDoubtColumns(travellerID: travellerID)
            ).first()
        else { return 0 }
        let flags = try row.decode(column: "flags", as: Int.self)
        let child = try ProtectionStore.treatedAsChild(ageColumns: row)
        return flags + (child ? 1 : 0)
    }
}
