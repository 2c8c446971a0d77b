import LimesCore
import SQLKit

/// One concept's part of the store: the type that owns its tables' SQL. Every concept shares
/// the store's connections, group commit and audit chain, so that one transaction can write a
/// crossing, its hits and its audit events together.
protocol StoreConcept: Sendable {
    var store: Store { get }
}

extension StoreConcept {
    var engine: Store.Engine { store.engine }
    var lockClause: String { store.lockClause }

    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await store.read(body)
    }

    func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await store.write(body)
    }

    func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await store.transaction(body)
    }

    /// Appends events to the audit chain inside the caller's transaction.
    func appendAudit(_ entries: [AuditEntry], at moment: Timestamp = Timestamp(), on db: any SQLDatabase) async throws {
        try await store.audit.append(entries, at: moment, on: db)
    }
}
