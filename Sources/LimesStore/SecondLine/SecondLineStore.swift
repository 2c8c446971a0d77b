import Foundation
import LimesCore
import SQLKit

/// The second line: cases opened when the booth refers a traveller, and the screening hits
/// officers confirm or dismiss there. Owns `cases` and `hits`.
public struct SecondLineStore: StoreConcept {
    let store: Store
}

extension Store {
    public var secondLine: SecondLineStore { SecondLineStore(store: self) }
}

extension SecondLineStore {
    /// Open second-line cases at these BCPs, oldest first.
    public func secondLineQueue(bcps: Set<String>) async throws -> [SecondLineCase] {
        guard !bcps.isEmpty else { return [] }
        let rows = try await read { db in
            try await db.raw(
                """
                SELECT c.*, t.surname, t.given_names, t.birth_date, t.sex, t.nationality, k.verdict,
                    (SELECT count(*) FROM hits h WHERE h.check_id = c.check_id AND h.status = 'open') AS open_hits
                FROM cases c JOIN travellers t ON t.id = c.traveller_id JOIN checks k ON k.id = c.check_id
                WHERE c.status = 'open' AND c.bcp_code IN (\(binds: Array(bcps).sorted()))
                ORDER BY c.opened_at
                """
            ).all()
        }
        return try rows.map(SecondLineStore.secondLineCase(from:))
    }

    public func secondLineCase(id: String) async throws -> SecondLineCase? {
        try await read { db in
            try await db.raw(
                """
                SELECT c.*, t.surname, t.given_names, t.birth_date, t.sex, t.nationality, k.verdict,
                    (SELECT count(*) FROM hits h WHERE h.check_id = c.check_id AND h.status = 'open') AS open_hits
                FROM cases c JOIN travellers t ON t.id = c.traveller_id JOIN checks k ON k.id = c.check_id
                WHERE c.id = \(bind: id)
                """
            ).first().map(SecondLineStore.secondLineCase(from:))
        }
    }

    /// Confirms or dismisses a hit. A dismissal also clears the alert for this document, so
    /// the next check of the same document shows the earlier decision.
    public func resolveHit(id: String, confirm: Bool, reason: String, officer: User, allowedBCPs: Set<String>, purpose: String) async throws
        -> HitRecord
    {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = FreeText.textProblem(reason) { throw StoreError("reason: \(problem)", field: "reason") }
        guard !reason.isEmpty else { throw StoreError("say why the hit is \(confirm ? "confirmed" : "dismissed")", field: "reason") }
        let now = Timestamp()
        return try await transaction { db in
            guard
                let row = try await db.raw(
                    "SELECT h.*, k.bcp_code, k.document_id FROM hits h JOIN checks k ON k.id = h.check_id WHERE h.id = \(bind: id)"
                ).first()
            else { throw StoreError("no hit \(id)", code: .notFound, field: "hitId") }
            let bcp = try row.decode(column: "bcp_code", as: String.self)
            guard allowedBCPs.contains(bcp) else {
                throw StoreError("hit \(id) was raised at \(bcp), where you are not assigned", code: .forbidden)
            }
            var hit = try SecondLineStore.hit(from: row)
            guard hit.status == .open else {
                throw StoreError("hit \(id) is already \(hit.status.rawValue)", code: .conflict, field: "hitId")
            }
            hit.status = confirm ? .confirmed : .dismissed
            hit.resolvedBy = officer.id
            hit.resolvedAt = now
            hit.resolutionReason = reason
            try await db.update("hits").set("status", to: hit.status.rawValue).set("resolved_by", to: officer.id)
                .set("resolved_at", to: now.description).set("resolution_reason", to: reason).where("id", .equal, id).run()
            if !confirm {
                let documentID = try row.decode(column: "document_id", as: String.self)
                if let document = try await db.select().columns("issuer", "number").from("documents").where("id", .equal, documentID).first() {
                    let key = DocumentNumber.key(
                        number: try document.decode(column: "number", as: String.self),
                        country: try document.decode(column: "issuer", as: String.self)
                    )
                    try await WatchlistStore.insertClearance(
                        Clearance(alertID: hit.alertID, documentKey: key, officer: officer.displayName, day: now.day, reason: reason),
                        on: db
                    )
                }
            }
            try await self.appendAudit(
                [AuditEntry(actor: officer.id, action: "update", recordType: "hit", recordID: id, purpose: purpose)],
                at: now,
                on: db
            )
            return hit
        }
    }

    /// A check's hits, inside the check's transaction.
    static func insert(_ hits: [HitRecord], checkID id: String, travellerID: String, on db: any SQLDatabase) async throws {
        guard !hits.isEmpty else { return }
        var rows: [SQLQueryString] = []
        for hit in hits {
            let values: [any Encodable & Sendable] = [
                hit.id, id, travellerID, hit.alertID, hit.list, hit.action, hit.band, hit.score, try Store.json(hit.reasons),
                hit.status.rawValue, hit.resolutionReason, try hit.evidence.map(Store.json),
            ]
            rows.append("(\(binds: values))")
        }
        try await db.raw(
            "INSERT INTO hits (id, check_id, traveller_id, alert_id, list, action, band, score, reasons, status, resolution_reason, evidence) VALUES "
                + rows.joined(separator: ", ")
        ).run()
    }

    /// Opens a case when the booth refers a traveller, inside the decision's transaction.
    static func openCase(
        checkID: String,
        travellerID: String,
        bcp: String,
        at: Timestamp,
        by officerID: String,
        note: String?,
        on db: any SQLDatabase
    ) async throws -> String {
        let caseID = Store.newID()
        try await db.insert(into: "cases").columns("id", "check_id", "traveller_id", "bcp_code", "opened_at", "opened_by", "note", "status")
            .values(caseID, checkID, travellerID, bcp, at.description, officerID, note, "open").run()
        return caseID
    }

    /// Closes a case with the second line's decision, inside the decision's transaction.
    static func closeCase(_ caseID: String, decision: Decision, at: Timestamp, by officerID: String, on db: any SQLDatabase) async throws {
        try await db.update("cases").set("status", to: "closed").set("closed_at", to: at.description)
            .set("closed_by", to: officerID).set("decision", to: decision.rawValue).where("id", .equal, caseID).run()
    }

    // MARK: Rows

    static func hit(from row: any SQLRow) throws -> HitRecord {
        HitRecord(
            id: try row.decode(column: "id", as: String.self),
            checkID: try row.decode(column: "check_id", as: String.self),
            alertID: try row.decode(column: "alert_id", as: String.self),
            list: try row.decode(column: "list", as: String.self),
            action: try row.decode(column: "action", as: String.self),
            band: try row.decode(column: "band", as: String.self),
            score: try row.decode(column: "score", as: Double.self),
            reasons: try Store.decodeJSON([String].self, try row.decode(column: "reasons", as: String.self)),
            evidence: try row.decode(column: "evidence", as: String?.self).map { try Store.decodeJSON([HitEvidence].self, $0) },
            status: try row.value("status", as: HitRecord.Status.self, of: "hits"),
            resolvedBy: try row.decode(column: "resolved_by", as: String?.self),
            resolvedAt: try row.optionalTime("resolved_at", of: "hits"),
            resolutionReason: try row.decode(column: "resolution_reason", as: String?.self),
            seenAt: row.contains(column: "seen_at") ? try row.time("seen_at", of: "hits") : nil
        )
    }

    static func secondLineCase(from row: any SQLRow) throws -> SecondLineCase {
        var traveller = try CrossingStore.traveller(from: row)
        traveller.id = try row.decode(column: "traveller_id", as: String.self)
        return SecondLineCase(
            id: try row.decode(column: "id", as: String.self),
            checkID: try row.decode(column: "check_id", as: String.self),
            traveller: traveller,
            bcp: try row.decode(column: "bcp_code", as: String.self),
            openedAt: try row.time("opened_at", of: "cases"),
            openedBy: try row.decode(column: "opened_by", as: String.self),
            note: try row.decode(column: "note", as: String?.self),
            status: try row.decode(column: "status", as: String.self),
            closedAt: try row.optionalTime("closed_at", of: "cases"),
            closedBy: try row.decode(column: "closed_by", as: String?.self),
            decision: try row.optionalValue("decision", as: Decision.self, of: "cases"),
            verdict: try row.value("verdict", as: Verdict.Level.self, of: "cases"),
            openHits: try row.decode(column: "open_hits", as: Int.self)
        )
    }
}
