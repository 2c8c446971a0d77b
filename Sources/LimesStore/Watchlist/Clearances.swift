import LimesCore
import SQLKit

extension WatchlistStore {
    /// Remembers that the holder of a document is not the person of an alert; a later decision
    /// for the same alert and document replaces the earlier one.
    public func recordClearance(_ clearance: Clearance) async throws {
        guard !clearance.reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw StoreError("a clearance needs a reason") }
        guard !clearance.officer.trimmingCharacters(in: .whitespaces).isEmpty else { throw StoreError("a clearance needs the officer who decided") }
        try await write { db in try await WatchlistStore.insertClearance(clearance, on: db) }
    }

    /// A later clearance for the same alert and document replaces the earlier one.
    static func insertClearance(_ clearance: Clearance, on db: any SQLDatabase) async throws {
        try await db.insert(into: "clearances")
            .columns("alert_id", "document_key", "officer", "day", "reason")
            .values(clearance.alertID, clearance.documentKey, clearance.officer, clearance.day.description, clearance.reason)
            .onConflict(with: ["alert_id", "document_key"]) { conflict in
                conflict.set(excludedValueOf: "officer").set(excludedValueOf: "day").set(excludedValueOf: "reason")
            }
            .run()
    }

    /// The clearances recorded for a document (`DocumentNumber.key`), by alert.
    public func clearances(documentKey: String) async throws -> [String: Clearance] {
        let rows = try await read { db in try await WatchlistStore.clearanceRows(documentKey: documentKey, on: db) }
        return try WatchlistStore.clearances(from: rows, documentKey: documentKey)
    }

    static func clearanceRows(documentKey: String, on db: any SQLDatabase) async throws -> [any SQLRow] {
        try await db.raw("SELECT * FROM clearances WHERE document_key = \(bind: documentKey)").all()
    }

    static func clearances(from rows: [any SQLRow], documentKey: String) throws -> [String: Clearance] {
        var result: [String: Clearance] = [:]
        for row in rows {
            let alertID = try row.decode(column: "alert_id", as: String.self)
            let dayText = try row.decode(column: "day", as: String.self)
            guard let day = CalendarDate(iso: dayText) else { throw StoreError("clearance of \(alertID) has day '\(dayText)'") }
            result[alertID] = Clearance(
                alertID: alertID,
                documentKey: documentKey,
                officer: try row.decode(column: "officer", as: String.self),
                day: day,
                reason: try row.decode(column: "reason", as: String.self)
            )
        }
        return result
    }
}
