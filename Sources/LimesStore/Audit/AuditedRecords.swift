import Foundation
import LimesCore
import SQLKit

/// The records whose content the audit chain vouches for: every event that creates or changes
/// one carries a digest of its row as it was then, so `verifyAudit` can tell a row changed,
/// inserted or deleted outside Limes from one that Limes wrote.
///
/// The digest covers every column of the row (sorted by name): a column added to one of these
/// tables later is covered at once, and one whose type the list below does not know makes
/// writing fail loudly rather than leave it out.
struct AuditedRecords {
    struct Kind: Sendable {
        /// The audit events' `record_type`.
        var recordType: String
        var table: String
        var idColumn: String = "id"
        /// Columns that hold numbers; every other column is text.
        var integers: Set<String> = []
        var doubles: Set<String> = []
    }

    static let kinds: [Kind] = [
        Kind(recordType: "crossing", table: "crossings"),
        Kind(recordType: "hit", table: "hits", doubles: ["score"]),
        Kind(recordType: "case", table: "cases"),
        Kind(recordType: "protection_flag", table: "protection_flags"),
        Kind(recordType: "safeguard_review", table: "safeguard_reviews"),
        Kind(recordType: "vulnerability_assessment", table: "vulnerability_assessments"),
        Kind(recordType: "age_assessment", table: "age_assessments", integers: ["claimed_age", "min_age", "max_age", "recorded_age"]),
        Kind(recordType: "information_given", table: "information_given"),
        Kind(recordType: "referral", table: "referrals"),
        Kind(recordType: "person_without_documents", table: "persons_without_documents", idColumn: "traveller_id", integers: ["estimated_age"]),
    ]

    static let byRecordType: [String: Kind] = Dictionary(uniqueKeysWithValues: kinds.map { ($0.recordType, $0) })

    /// Events that only look at a record carry no digest.
    static func changes(_ action: String) -> Bool { action != "read" }

    /// The action of an event that removes a record; the row must then be gone.
    static let erase = "erase"

    /// SHA-256 of the row's columns, sorted by name, each `name=value` with a unit separator
    /// between them; NULL is written as a lone NUL so that it differs from an empty text.
    static func digest(_ row: any SQLRow, kind: Kind) throws -> String {
        var text = ""
        for column in row.allColumns.sorted() {
            if !text.isEmpty { text += "\u{1F}" }
            text += column
            text += "="
            let value: String?
            do {
                if kind.integers.contains(column) {
                    value = try row.decode(column: column, as: Int?.self).map(String.init)
                } else if kind.doubles.contains(column) {
                    value = try row.decode(column: column, as: Double?.self).map { String(describing: $0) }
                } else {
                    value = try row.decode(column: column, as: String?.self)
                }
            } catch {
                throw StoreError(
                    "\(kind.table).\(column) cannot be read for its audit digest (a column of a type the digest does not know): \(error)"
                )
            }
            text += value ?? "\u{0}"
        }
        return Digest.sha256(text)
    }

    /// The digest of the record as it is now in this transaction, or nil when it does not exist.
    static func currentDigest(of kind: Kind, id: String, on db: any SQLDatabase) async throws -> String? {
        let sql = SQLQueryString("SELECT * FROM \(unsafeRaw: kind.table) WHERE \(unsafeRaw: kind.idColumn) = \(bind: id)")
        guard let row = try await db.raw(sql).first() else { return nil }
        return try digest(row, kind: kind)
    }
}
