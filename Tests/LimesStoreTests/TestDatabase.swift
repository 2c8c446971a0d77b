import Foundation
import LimesStore
import Logging
import PostgresKit

/// The engines store tests run against: SQLite always, PostgreSQL when
/// `LIMES_TEST_POSTGRES_URL` names a server the tests may create databases on (CI sets it).
enum TestEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    static var available: [TestEngine] {
        ProcessInfo.processInfo.environment["LIMES_TEST_POSTGRES_URL"].map { $0.isEmpty ? [.sqlite] : [.sqlite, .postgres] } ?? [.sqlite]
    }

    var description: String { rawValue }
}

/// A fresh, empty database for one test: a new SQLite file, or a new PostgreSQL database.
struct TestDatabase: Sendable {
    let configuration: StoreConfiguration
    let engine: TestEngine

    static func make(_ engine: TestEngine) async throws -> TestDatabase {
        switch engine {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("limes-store-\(UUID().uuidString)/limes.sqlite").path
            return TestDatabase(configuration: StoreConfiguration(engine: .sqlite(path: path)), engine: engine)
        case .postgres:
            let url = ProcessInfo.processInfo.environment["LIMES_TEST_POSTGRES_URL"] ?? ""
            let admin = try StoreConfiguration(environment: ["LIMES_DATABASE_URL": url])
            guard case .postgres(var settings) = admin.engine else { throw StoreError("LIMES_TEST_POSTGRES_URL is not a postgres:// URL") }
            let name = "limes_test_" + UUID().uuidString.prefix(8).lowercased()
            try await execute("CREATE DATABASE \(name)", on: settings)
            settings.database = name
            let key = FileManager.default.temporaryDirectory.appendingPathComponent("limes-store-\(name)/audit-signing.key").path
            return TestDatabase(configuration: StoreConfiguration(engine: .postgres(settings), auditKey: .file(key)), engine: engine)
        }
    }

    func open() async throws -> Store { try await Store.open(configuration) }

    /// Removes a PostgreSQL test database (SQLite files live in the temporary folder).
    func drop() async {
        guard case .postgres(let settings) = configuration.engine,
            let url = ProcessInfo.processInfo.environment["LIMES_TEST_POSTGRES_URL"],
            case .postgres(let admin)? = try? StoreConfiguration(environment: ["LIMES_DATABASE_URL": url]).engine
        else { return }
        // FORCE ends the test's own connections still open; PostgreSQL 15 refuses it to a role
        // without pg_signal_backend while an autovacuum worker is on the database, where a plain
        // DROP (which stops autovacuum itself) does.
        do {
            try await Self.execute("DROP DATABASE IF EXISTS \(settings.database) WITH (FORCE)", on: admin)
        } catch {
            try? await Self.execute("DROP DATABASE IF EXISTS \(settings.database)", on: admin)
        }
    }

    static func execute(_ sql: String, on settings: StoreConfiguration.Postgres) async throws {
        let configuration = PostgresConnection.Configuration(
            host: settings.host,
            port: settings.port,
            username: settings.username,
            password: settings.password,
            database: settings.database,
            tls: .disable
        )
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: Logger(label: "limes.test"))
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "limes.test"))
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}
