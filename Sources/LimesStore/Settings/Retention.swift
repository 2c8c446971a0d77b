import Foundation
import LimesCore
import SQLKit

/// What a retention run did (or, dry, would do), per category.
public struct RetentionReport: Sendable, Hashable, Codable, CustomStringConvertible {
    public var counts: [String: Int]
    public var dryRun: Bool

    public var description: String {
        let lines = RetentionPolicy.Category.allCases.map { "  \($0.rawValue): \(counts[$0.rawValue] ?? 0)" }
        return (dryRun ? "retention (dry run, nothing changed):\n" : "retention run:\n") + lines.joined(separator: "\n")
    }
}

extension SettingsStore {
    static let retentionSetting = "retention_policy"

    public func retentionPolicy() async throws -> RetentionPolicy {
        try await setting(SettingsStore.retentionSetting, as: RetentionPolicy.self) ?? .standard
    }

    public func setRetentionPolicy(_ policy: RetentionPolicy, actor: String) async throws {
        let problems = policy.problems()
        guard problems.isEmpty else { throw SettingsStore.refuse("retention", problems) }
        try await saveSetting(SettingsStore.retentionSetting, policy, actor: actor)
    }

    /// Removes, in one transaction, what identifies or describes people in protection records
    /// older than their category's period; keeps what statistics count. Audited as one event.
    public func runRetention(now: Timestamp = Timestamp(), dryRun: Bool, actor: String) async throws -> RetentionReport {
        let policy = try await retentionPolicy()
        @Sendable func cutoff(_ category: RetentionPolicy.Category) -> String {
            now.adding(seconds: -Int64(policy.days[category] ?? 36_500) * 86_400).description
        }
        let removed = "[removed under the retention policy]"
        return try await transaction { db in
            func count(_ sql: SQLQueryString) async throws -> Int { try await db.raw(sql).first()?.decode(column: "n", as: Int.self) ?? 0 }
            var counts: [String: Int] = [:]
            let flags = cutoff(.protectionFlags)
            counts[RetentionPolicy.Category.protectionFlags.rawValue] = try await count(
                "SELECT count(*) AS n FROM protection_flags WHERE status = 'closed' AND closed_at < \(bind: flags) AND note IS NOT NULL"
            )
            let assessments = cutoff(.vulnerabilityAssessments)
            // Those still holding evidence or a note; the codes and level stay for the statistics.
            var expiredAssessments: [(id: String, findings: [VulnerabilityFinding])] = []
            for row in try await db.raw(
                "SELECT id, findings, note FROM vulnerability_assessments WHERE assessed_at < \(bind: assessments)"
            ).all() {
                let findings = try Store.decodeJSON([VulnerabilityFinding].self, try row.decode(column: "findings", as: String.self))
                let note = try row.decode(column: "note", as: String?.self)
                if findings.contains(where: { !$0.evidence.isEmpty }) || note != nil {
                    expiredAssessments.append((try row.decode(column: "id", as: String.self), findings))
                }
            }
            counts[RetentionPolicy.Category.vulnerabilityAssessments.rawValue] = expiredAssessments.count
            let ages = cutoff(.ageAssessments)
            counts[RetentionPolicy.Category.ageAssessments.rawValue] = try await count(
                "SELECT count(*) AS n FROM age_assessments WHERE status = 'closed' AND closed_at < \(bind: ages) AND doubt <> \(bind: removed)"
            )
            let referrals = cutoff(.referrals)
            counts[RetentionPolicy.Category.referrals.rawValue] = try await count(
                """
                SELECT count(*) AS n FROM referrals WHERE status IN ('done', 'rejected', 'revoked') AND closed_at < \(bind: referrals)
                    AND (response_reason IS NOT NULL OR outcome_reason IS NOT NULL OR override_reason IS NOT NULL OR shared IS NOT NULL)
                """
            )
            let information = cutoff(.informationGiven)
            counts[RetentionPolicy.Category.informationGiven.rawValue] = try await count(
                "SELECT count(*) AS n FROM information_given WHERE given_at < \(bind: information)"
            )
            let persons = cutoff(.personsWithoutDocuments)
            // A person still followed (an open flag) keeps the description the staff work from.
            let personsExpired: SQLQueryString = """
                registered_at < \(bind: persons) AND (description IS NOT NULL OR languages IS NOT NULL)
                    AND NOT EXISTS (SELECT 1 FROM protection_flags f WHERE f.traveller_id = persons_without_documents.traveller_id AND f.status = 'open')
                """
            counts[RetentionPolicy.Category.personsWithoutDocuments.rawValue] = try await count(
                "SELECT count(*) AS n FROM persons_without_documents WHERE " + personsExpired
            )
            guard !dryRun else { return RetentionReport(counts: counts, dryRun: true) }

            // Every record the run changes or erases gets an event of its own, with the digest of
            // what is left, so that the chain still vouches for it (AuditedRecords).
            func ids(_ sql: SQLQueryString, column: String = "id") async throws -> [String] {
                try await db.raw(sql).all().map { try $0.decode(column: column, as: String.self) }
            }
            var changed: [(type: String, id: String)] = []
            changed += try await ids(
                "SELECT id FROM protection_flags WHERE status = 'closed' AND closed_at < \(bind: flags) AND note IS NOT NULL"
            ).map { ("protection_flag", $0) }
            changed += expiredAssessments.map { ("vulnerability_assessment", $0.id) }
            changed += try await ids(
                "SELECT id FROM age_assessments WHERE status = 'closed' AND closed_at < \(bind: ages) AND doubt <> \(bind: removed)"
            ).map { ("age_assessment", $0) }
            changed += try await ids(
                """
                SELECT id FROM referrals WHERE status IN ('done', 'rejected', 'revoked') AND closed_at < \(bind: referrals)
                    AND (response_reason IS NOT NULL OR outcome_reason IS NOT NULL OR override_reason IS NOT NULL OR shared IS NOT NULL)
                """
            ).map { ("referral", $0) }
            changed += try await ids("SELECT traveller_id FROM persons_without_documents WHERE " + personsExpired, column: "traveller_id")
                .map { ("person_without_documents", $0) }
            let erased = try await ids("SELECT id FROM information_given WHERE given_at < \(bind: information)")

            try await db.raw("UPDATE protection_flags SET note = NULL WHERE status = 'closed' AND closed_at < \(bind: flags)").run()
            for (id, findings) in expiredAssessments {
                let kept = try Store.json(findings.map { VulnerabilityFinding(code: $0.code, evidence: "") })
                try await db.raw("UPDATE vulnerability_assessments SET findings = \(bind: kept), note = NULL WHERE id = \(bind: id)").run()
            }
            try await db.raw(
                """
                UPDATE age_assessments SET doubt = \(bind: removed), guardian = NULL, professionals = NULL, appeal = NULL
                WHERE status = 'closed' AND closed_at < \(bind: ages)
                """
            ).run()
            // A referral closed without a closing time (revoked before this column was set) is
            // kept: the run never guesses a date.
            try await db.raw(
                """
                UPDATE referrals SET response_reason = NULL, outcome_reason = NULL, override_reason = NULL, shared = NULL
                WHERE status IN ('done', 'rejected', 'revoked') AND closed_at < \(bind: referrals)
                """
            ).run()
            try await db.raw("DELETE FROM information_given WHERE given_at < \(bind: information)").run()
            try await db.raw("UPDATE persons_without_documents SET description = NULL, languages = NULL WHERE " + personsExpired).run()
            let summary = RetentionPolicy.Category.allCases.map { "\($0.rawValue)=\(counts[$0.rawValue] ?? 0)" }.joined(separator: " ")
            try await self.appendAudit(
                [AuditEntry(actor: actor, action: "retention", recordType: "retention_run", recordID: summary, purpose: "retention policy")]
                    + changed.map { AuditEntry(actor: actor, action: "update", recordType: $0.type, recordID: $0.id, purpose: "retention policy") }
                    + erased.map {
                        AuditEntry(
                            actor: actor,
                            action: AuditedRecords.erase,
                            recordType: "information_given",
                            recordID: $0,
                            purpose: "retention policy"
                        )
                    },
                at: now,
                on: db
            )
            return RetentionReport(counts: counts, dryRun: false)
        }
    }
}
