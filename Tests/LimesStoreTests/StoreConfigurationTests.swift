import LimesStore
import Testing

@Suite("Store configuration from the environment")
struct StoreConfigurationTests {
    @Test func defaultIsSQLiteInTheDataFolder() throws {
        #expect(try StoreConfiguration(environment: [:]).engine == .sqlite(path: "data/limes.sqlite"))
        #expect(try StoreConfiguration(environment: ["LIMES_DATA_DIR": "/var/lib/limes"]).engine == .sqlite(path: "/var/lib/limes/limes.sqlite"))
    }

    @Test func sqliteURLs() throws {
        #expect(try StoreConfiguration(environment: ["LIMES_DATABASE_URL": "sqlite:post.db"]).engine == .sqlite(path: "post.db"))
        #expect(try StoreConfiguration(environment: ["LIMES_DATABASE_URL": "sqlite:///srv/limes.db"]).engine == .sqlite(path: "/srv/limes.db"))
    }

    @Test func postgresURL() throws {
        let configuration = try StoreConfiguration(environment: ["LIMES_DATABASE_URL": "postgres://limes:s3cret@db.local:5433/border"])
        guard case .postgres(let p) = configuration.engine else {
            Issue.record("expected PostgreSQL, got \(configuration.engine)")
            return
        }
        #expect(p.host == "db.local")
        #expect(p.port == 5433)
        #expect(p.username == "limes")
        #expect(p.password == "s3cret")
        #expect(p.database == "border")
        #expect(!configuration.description.contains("s3cret"), "descriptions end up in logs")
        #expect(
            try StoreConfiguration(environment: ["LIMES_DATABASE_URL": "postgresql://u@h/d"]).description == "PostgreSQL u@h:5432/d (TLS verify-full)"
        )
    }

    /// TLS to the database: checked by default for any other host, off by default on loopback only.
    @Test func postgresTLSFollowsSSLModeAndIsOnByDefaultOffLoopback() throws {
        func mode(_ url: String) throws -> StoreConfiguration.Postgres.TLSMode? {
            guard case .postgres(let p) = try StoreConfiguration(environment: ["LIMES_DATABASE_URL": url]).engine else { return nil }
            return p.tls
        }
        #expect(try mode("postgres://u@db.example.org/d") == .verifyFull)
        #expect(try mode("postgres://u@127.0.0.1/d") == .disable)
        #expect(try mode("postgres://u@localhost/d") == .disable)
        #expect(try mode("postgres://u@127.0.0.1/d?sslmode=require") == .require)
        #expect(try mode("postgres://u@db.example.org/d?sslmode=disable") == .disable)
        #expect(throws: StoreConfiguration.Error.self) { try mode("postgres://u@h/d?sslmode=sometimes") }
    }

    @Test(arguments: [
        ("mysql://u@h/d", "is neither sqlite:PATH nor postgres://USER@HOST/DATABASE"),
        ("postgres://u:pw@h", "names no database after the host"),
        ("postgres://h/d", "names no user before the host"),
        ("sqlite:", "names no file"),
    ])
    func badURLsNameTheVariableAndTheProblem(url: String, problem: String) {
        #expect {
            try StoreConfiguration(environment: ["LIMES_DATABASE_URL": url])
        } throws: { error in
            let error = error as? StoreConfiguration.Error
            return error?.variable == "LIMES_DATABASE_URL" && error?.message.contains(problem) == true
                && error?.message.contains(":pw@") == false
        }
    }
    /// A real connection with sslmode=require to the test cluster (scripts/postgres turns TLS on with
    /// a certificate of its own), and verify-full refused against that untrusted certificate.
    @Test(.enabled(if: TestEngine.available.contains(.postgres))) func postgresConnectsOverTLS() async throws {
        let database = try await TestDatabase.make(.postgres)
        guard case .postgres(var settings) = database.configuration.engine, case .file(let key) = database.configuration.auditKey else {
            Issue.record("not a PostgreSQL test database")
            return
        }
        settings.tls = .require
        let store = try await Store.open(StoreConfiguration(engine: .postgres(settings), auditKey: .file(key)))
        #expect(try await store.audit.verify().isIntact)
        try await store.close()
        settings.tls = .verifyFull
        await #expect(throws: StoreError.self) { try await Store.open(StoreConfiguration(engine: .postgres(settings), auditKey: .file(key))) }
        await database.drop()
    }
}
