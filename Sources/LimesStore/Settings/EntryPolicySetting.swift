import Foundation
import LimesCore
import SQLKit

extension SettingsStore {
    static let policySetting = "entry_policy"

    /// The entry policy in force; nil before an administrator (or `limes demo`) sets one.
    public func entryPolicy() async throws -> EntryPolicy? {
        let text = try await read { db in
            try await db.select().column("value").from("settings").where("name", .equal, SettingsStore.policySetting).first()?
                .decode(column: "value", as: String.self)
        }
        guard let text else { return nil }
        do {
            return try JSONDecoder().decode(EntryPolicy.self, from: Data(text.utf8))
        } catch {
            throw StoreError("the stored entry policy no longer reads: \(error)")
        }
    }

    /// Replaces the entry policy after checking it, with an audit event naming who did.
    public func setEntryPolicy(_ policy: EntryPolicy, actor: String) async throws {
        let problems = policy.problems()
        guard problems.isEmpty else {
            // Each problem starts with its path ("groups.visa-exempt.stay: ..."): the first names the field.
            let field = problems[0].split(separator: ":").first.map(String.init)
            throw StoreError("entry policy refused: " + problems.joined(separator: "; "), field: field)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(policy), as: UTF8.self)
        let now = Timestamp()
        try await transaction { db in
            try await self.refuseOnPost("the entry policy and refusal grounds", on: db)
            try await db.insert(into: "settings").columns("name", "value", "updated_at").values(SettingsStore.policySetting, text, now.description)
                .onConflict(with: ["name"]) { $0.set(excludedValueOf: "value").set(excludedValueOf: "updated_at") }.run()
            try await self.appendAudit(
                [AuditEntry(actor: actor, action: "update", recordType: "setting", recordID: SettingsStore.policySetting, purpose: "administration")],
                at: now,
                on: db
            )
        }
    }
}
