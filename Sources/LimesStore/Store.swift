import Foundation
import LimesCore
import Logging
import SQLKit
import SQLiteKit

/// The database of Limes, behind sql-kit so that one code path serves every engine.
/// SQLite is the embedded default; PostgreSQL arrives with the crossing service.
public final class Store: Sendable {
    let database: any SQLDatabase
    private let connection: SQLiteConnection

    private init(connection: SQLiteConnection) {
        self.connection = connection
        self.database = connection.sql()
    }

    /// Opens the store and brings its schema up to this program's version.
    public static func open(_ configuration: StoreConfiguration, logger: Logger = Logger(label: "limes.store")) async throws -> Store {
        switch configuration.engine {
        case .postgres:
            throw StoreError("PostgreSQL is not supported yet (it arrives with the crossing service); unset LIMES_DATABASE_URL to use SQLite")
        case .sqlite(let path):
            let storage: SQLiteConnection.Storage
            if path == ":memory:" {
                storage = .memory
            } else {
                let folder = (path as NSString).deletingLastPathComponent
                if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
                storage = .file(path: path)
            }
            let connection = try await SQLiteConnection.open(storage: storage, logger: logger)
            let store = Store(connection: connection)
            do {
                if path != ":memory:" { try await store.database.raw("PRAGMA journal_mode=WAL").run() }
                try await Migrations.run(on: store.database)
            } catch {
                try? await connection.close()
                throw error
            }
            return store
        }
    }

    public func close() async throws {
        try await connection.close()
    }

    /// Runs `body` in one transaction: all of it is stored, or none of it.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await database.raw("BEGIN IMMEDIATE").run()
        do {
            let result = try await body(database)
            try await database.raw("COMMIT").run()
            return result
        } catch {
            try? await database.raw("ROLLBACK").run()
            throw error
        }
    }
}
