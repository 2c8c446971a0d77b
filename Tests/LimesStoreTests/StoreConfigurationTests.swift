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
        #expect(try StoreConfiguration(environment: ["LIMES_DATABASE_URL": "postgresql://u@h/d"]).description == "PostgreSQL u@h:5432/d")
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
}
