import Foundation
import LimesCore
import SQLKit

/// Settings an administrator changes (entry policy, retention, vulnerability indicators) and
/// the retention run. Owns `settings`.
public struct SettingsStore: StoreConcept {
    let store: Store
}

extension Store {
    public var settings: SettingsStore { SettingsStore(store: self) }
}

extension SettingsStore {
    /// A setting stored as JSON, or nil when none was ever set.
    func setting<T: Decodable>(_ name: String, as type: T.Type) async throws -> T? {
        let text = try await read { db in
            try await db.select().column("value").from("settings").where("name", .equal, name).first()?
                .decode(column: "value", as: String.self)
        }
        return try text.map { try Store.decodeJSON(type, $0) }
    }

    /// Replaces a setting, with an audit event naming who did, in one transaction.
    func saveSetting(_ name: String, _ value: some Encodable, actor: String) async throws {
        let text = try Store.json(value)
        let now = Timestamp()
        try await transaction { db in
            try await self.refuseOnPost("settings", on: db)
            try await db.insert(into: "settings").columns("name", "value", "updated_at").values(name, text, now.description)
                .onConflict(with: ["name"]) { $0.set(excludedValueOf: "value").set(excludedValueOf: "updated_at") }.run()
            try await self.appendAudit(
                [AuditEntry(actor: actor, action: "update", recordType: "setting", recordID: name, purpose: "administration")],
                at: now,
                on: db
            )
        }
    }

    /// Refuses a setting with problems, the first problem's path ("days.x: ...") as the field.
    static func refuse(_ what: String, _ problems: [String]) -> StoreError {
        StoreError("\(what) refused: " + problems.joined(separator: "; "), field: problems[0].split(separator: ":").first.map(String.init))
    }
}
