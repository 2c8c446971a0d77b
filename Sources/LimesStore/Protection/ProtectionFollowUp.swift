import Foundation
import LimesCore
import SQLKit

/// Information handed to a person about their rights and the help available.
public struct InformationGiven: Sendable, Hashable, Codable {
    public var id: String
    public var travellerID: String
    /// Which leaflet (its code or title).
    public var leaflet: String
    /// The language it was given in (ISO 639 code or name).
    public var language: String
    public var givenAt: Timestamp
    public var givenBy: String
}

/// Protection figures without names, for analysts and supervisors.
public struct ProtectionStatistics: Sendable, Hashable, Codable {
    public var from: CalendarDate
    public var to: CalendarDate
    /// Flags raised in the period, by kind, and how many of them are still open.
    public var flagsByKind: [String: Int]
    public var openFlagsByKind: [String: Int]
    public var vulnerabilityChecksByLevel: [String: Int]
    public var ageAssessmentsOpened: Int
    public var ageAssessmentsRecordingAChild: Int
    public var safeguardReviews: Int
    /// Referrals sent in the period, by kind of need, by where they stand, and by outcome.
    public var referralsByKind: [String: Int]
    public var referralsByStatus: [String: Int]
    public var referralOutcomes: [String: Int]
}

extension ProtectionStore {
    /// Closes a flag, with the reason (the need was met, or there was none).
    /// A closure lifts a flagged child's hold on refusal: an officer at a post may close only the
    /// flags of travellers within their reach.
    public func closeProtectionFlag(id: String, reason: String, actor: String, reach: TravellerReach) async throws {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = FreeText.textProblem(reason) { throw StoreError("reason: \(problem)", field: "reason") }
        guard !reason.isEmpty else { throw StoreError("say why the flag is closed", field: "reason") }
        let now = Timestamp()
        try await transaction { db in
            guard let row = try await db.raw("SELECT status, traveller_id FROM protection_flags WHERE id = \(bind: id)").first() else {
                throw StoreError("no protection flag \(id)", code: .notFound, field: "id")
            }
            try await CrossingStore.requireWithin(reach, travellerID: try row.decode(column: "traveller_id", as: String.self), on: db)
            guard try row.decode(column: "status", as: String.self) == "open" else {
                throw StoreError("protection flag \(id) is already closed", code: .conflict, field: "id")
            }
            try await db.update("protection_flags").set("status", to: "closed").set("closed_by", to: actor)
                .set("closed_at", to: now.description).set("closing_reason", to: reason).where("id", .equal, id).run()
            try await self.appendAudit(
                [AuditEntry(actor: actor, action: "update", recordType: "protection_flag", recordID: id, purpose: "protection follow-up")],
                at: now,
                on: db
            )
        }
    }

    public func recordInformationGiven(travellerID: String, leaflet: String, language: String, actor: String, reach: TravellerReach) async throws
        -> InformationGiven
    {
        try await store.crossings.requireReach(reach, travellerID: travellerID)
        let leaflet = leaflet.trimmingCharacters(in: .whitespacesAndNewlines)
        let language = language.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !leaflet.isEmpty, leaflet.count <= 200 else { throw StoreError("name the leaflet (up to 200 characters)", field: "leaflet") }
        guard !language.isEmpty, language.count <= 40 else { throw StoreError("name the language it was given in", field: "language") }
        let given = InformationGiven(
            id: Store.newID(),
            travellerID: travellerID,
            leaflet: leaflet,
            language: language,
            givenAt: Timestamp(),
            givenBy: actor
        )
        try await transaction { db in
            guard try await db.raw("SELECT id FROM travellers WHERE id = \(bind: travellerID)").first() != nil else {
                throw StoreError("no traveller \(travellerID)", code: .notFound, field: "id")
            }
            try await db.insert(into: "information_given").columns("id", "traveller_id", "leaflet", "language", "given_at", "given_by")
                .values(given.id, travellerID, leaflet, language, given.givenAt.description, actor).run()
            try await self.appendAudit(
                [
                    AuditEntry(
                        actor: actor,
                        action: "create",
                        recordType: "information_given",
                        recordID: given.id,
                        purpose: "information to the person"
                    )
                ],
                at: given.givenAt,
                on: db
            )
        }
        return given
    }

    public func informationGiven(travellerID: String) async throws -> [InformationGiven] {
        let rows = try await read { db in
            try await db.raw("SELECT * FROM information_given WHERE traveller_id = \(bind: travellerID) ORDER BY given_at DESC").all()
        }
        return try rows.map { row in
            InformationGiven(
                id: try row.decode(column: "id", as: String.self),
                travellerID: travellerID,
                leaflet: try row.decode(column: "leaflet", as: String.self),
                language: try row.decode(column: "language", as: String.self),
                givenAt: try row.time("given_at", of: "information_given"),
                givenBy: try row.decode(column: "given_by", as: String.self)
            )
        }
    }

    /// Counts for the days `from` to `to`, both included (UTC). No names, no identifiers.
    public func protectionStatistics(from: CalendarDate, to: CalendarDate) async throws -> ProtectionStatistics {
        let start = from.description
        let end = to.adding(days: 1).description
        return try await read { db in
            func counts(_ sql: SQLQueryString) async throws -> [String: Int] {
                var result: [String: Int] = [:]
                for row in try await db.raw(sql).all() {
                    result[try row.decode(column: "k", as: String.self)] = try row.decode(column: "n", as: Int.self)
                }
                return result
            }
            func count(_ sql: SQLQueryString) async throws -> Int {
                try await db.raw(sql).first()?.decode(column: "n", as: Int.self) ?? 0
            }
            return ProtectionStatistics(
                from: from,
                to: to,
                flagsByKind: try await counts(
                    "SELECT kind AS k, count(*) AS n FROM protection_flags WHERE raised_at >= \(bind: start) AND raised_at < \(bind: end) GROUP BY kind"
                ),
                openFlagsByKind: try await counts(
                    """
                    SELECT kind AS k, count(*) AS n FROM protection_flags
                    WHERE raised_at >= \(bind: start) AND raised_at < \(bind: end) AND status = 'open' GROUP BY kind
                    """
                ),
                vulnerabilityChecksByLevel: try await counts(
                    """
                    SELECT level AS k, count(*) AS n FROM vulnerability_assessments
                    WHERE assessed_at >= \(bind: start) AND assessed_at < \(bind: end) GROUP BY level
                    """
                ),
                ageAssessmentsOpened: try await count(
                    "SELECT count(*) AS n FROM age_assessments WHERE opened_at >= \(bind: start) AND opened_at < \(bind: end)"
                ),
                ageAssessmentsRecordingAChild: try await count(
                    """
                    SELECT count(*) AS n FROM age_assessments
                    WHERE opened_at >= \(bind: start) AND opened_at < \(bind: end) AND recorded_age IS NOT NULL AND recorded_age < 18
                    """
                ),
                safeguardReviews: try await count(
                    "SELECT count(*) AS n FROM safeguard_reviews WHERE reviewed_at >= \(bind: start) AND reviewed_at < \(bind: end)"
                ),
                referralsByKind: try await counts(
                    "SELECT kind AS k, count(*) AS n FROM referrals WHERE sent_at >= \(bind: start) AND sent_at < \(bind: end) GROUP BY kind"
                ),
                referralsByStatus: try await counts(
                    "SELECT status AS k, count(*) AS n FROM referrals WHERE sent_at >= \(bind: start) AND sent_at < \(bind: end) GROUP BY status"
                ),
                referralOutcomes: try await counts(
                    """
                    SELECT outcome AS k, count(*) AS n FROM referrals
                    WHERE sent_at >= \(bind: start) AND sent_at < \(bind: end) AND outcome IS NOT NULL GROUP BY outcome
                    """
                )
            )
        }
    }
}
