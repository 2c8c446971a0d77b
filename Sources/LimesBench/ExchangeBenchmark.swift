import ArgumentParser
import Foundation
import LimesCore
import LimesStore

/// `limes-bench exchange`: two countries' headquarters on loopback with an agreement; how fast
/// alert changes published in one are signed, sent, verified and stored by the other.
struct ExchangeBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exchange",
        abstract: "Alert changes between two countries' headquarters: messages per second, and the time for all to reach the partner.",
        discussion: """
            Starts Utopia's headquarters (`limes serve` on SQLite) and Niger's (SQLite), each pinning the \
            other's key, with an agreement letting alerts pass at the level identity and decision. \
            Imports --alert-changes alerts in Utopia and times until Niger has accepted every message. \
            When LIMES_DATABASE_URL names a PostgreSQL server, runs again with Utopia on it, side by \
            side, and gives the ratio. The last line is one JSON object.
            """
    )

    @Option(help: "Alerts published in Utopia.")
    var alertChanges = 10_000

    @Option(help: "First of the two ports used.")
    var port = 18_280

    @Option(help: "The limes binary (default: beside this one).")
    var limes: String?

    @Flag(help: "Keep the temporary databases.")
    var keepFiles = false

    func run() async throws {
        let binary = limes ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("limes").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw ValidationError("no limes binary at \(binary); build it (swift build -c release) or pass --limes")
        }
        guard alertChanges >= 1 else { throw ValidationError("--alert-changes must be positive") }
        #if DEBUG
            print("warning: this is a debug build; figures mean little (swift build -c release --product limes-bench)")
        #endif
        let postgresURL = ProcessInfo.processInfo.environment["LIMES_DATABASE_URL"].flatMap { $0.hasPrefix("postgres") ? $0 : nil }
        var figures: [String: Any] = ["alert_changes": alertChanges]
        let sqlite = try await measure(binary: binary, postgresURL: nil, port: port)
        figures["sqlite"] = sqlite
        if let postgresURL {
            // The other engine in the same run: the peer this figure is read against.
            let postgres = try await measure(binary: binary, postgresURL: postgresURL, port: port + 10)
            figures["postgres"] = postgres
            if let a = postgres["messages_per_second"] as? Double, let b = sqlite["messages_per_second"] as? Double, b > 0 {
                figures["postgres_to_sqlite_ratio"] = a / b
                print(String(format: "PostgreSQL sender against SQLite sender, same run: %.2f×", a / b))
            }
        }
        print(String(decoding: try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys]), as: UTF8.self))
    }

    /// One pair of headquarters, Utopia on SQLite or on the PostgreSQL server named; its figures.
    func measure(binary: String, postgresURL: String?, port: Int) async throws -> [String: Any] {
        var utopia = try postgresURL.map { try BenchDatabase.postgres(adminURL: $0) } ?? BenchDatabase.sqlite()
        let keysFolder = FileManager.default.temporaryDirectory.appendingPathComponent("limes-bench-keys-\(UUID().uuidString.prefix(8))").path
        if postgresURL != nil {
            utopia.environment["LIMES_DATA_DIR"] = keysFolder
            utopia.configuration = try StoreConfiguration(environment: utopia.environment)
        }
        let niger = try BenchDatabase.sqlite()
        defer {
            if !keepFiles {
                utopia.drop()
                niger.drop()
                try? FileManager.default.removeItem(atPath: keysFolder)
            }
        }
        print("Utopia: \(utopia.description); Niger: \(niger.description)")
        let utopiaURL = "http://127.0.0.1:\(port)"
        let nigerURL = "http://127.0.0.1:\(port + 1)"
        let today = Timestamp().day
        let terms: [ExchangeKind: SharingAgreement.Term] = [
            .alert: .init(level: .identityAndDecision, fields: ["list", "names", "birth_date", "nationalities", "documents", "action"])
        ]
        func agreement(partner: String) -> SharingAgreement {
            SharingAgreement(
                id: "UTO-NER-1",
                title: "Exchange of alerts",
                instrument: "Benchmark memorandum",
                article: "Article 1",
                partner: partner,
                validFrom: today.adding(days: -1),
                validUntil: nil,
                terms: terms
            )
        }
        // Each country: its policy, its key where its server will read it, the other's key pinned.
        let keys = try [utopia, niger].map { database -> ExchangeKey in
            guard let path = database.configuration.exchangeKeyPath else { throw ValidationError("no key folder for \(database.description)") }
            return try ExchangeKey.loadOrCreate(path: path)
        }
        for (index, (database, code)) in [(utopia, "UTO"), (niger, "NER")].enumerated() {
            let store = try await Store.open(database.configuration)
            do {
                try await store.settings.setEntryPolicy(EntryPolicy.example(country: code), actor: "bench")
                let other = index == 0 ? ("NER", "Niger", nigerURL, keys[1]) : ("UTO", "Utopia", utopiaURL, keys[0])
                try await store.exchange.savePartner(
                    ExchangePartner(country: other.0, name: other.1, url: other.2, publicKey: other.3.publicKey),
                    actor: "bench"
                )
                _ = try await store.exchange.saveAgreement(agreement(partner: other.0), actor: "bench")
            } catch {
                try? await store.close()
                throw error
            }
            try await store.close()
        }
        let a = try ServerUnderTest.start(binary: binary, port: port, environment: utopia.environment)
        defer { a.stop() }
        let b = try ServerUnderTest.start(binary: binary, port: port + 1, environment: niger.environment)
        defer { b.stop() }
        _ = try a.waitUntilReady(timeout: 120)
        _ = try b.waitUntilReady(timeout: 120)

        let alerts = (0..<alertChanges).map { index in
            Alert(
                id: "X-\(index)",
                list: .nationalWanted,
                names: ["PERSON\(index) TESTCASE"],
                birthDate: PartialDate(year: 1950 + index % 50, month: 1 + index % 12, day: 1 + index % 28),
                nationalities: ["UZB"],
                action: .discreetCheck,
                authority: "bench"
            )
        }
        let source = try await Store.open(utopia.configuration)
        let target = try await Store.open(niger.configuration)
        let started = ContinuousClock.now
        _ = try await source.watchlist.importAlerts(alerts, replace: false)
        let imported = (ContinuousClock.now - started).seconds
        var received = 0
        var reached: Double?
        while (ContinuousClock.now - started).seconds < 900 {
            received = try await target.exchange.received(from: "UTO", limit: alertChanges + 1).filter { $0.state == .accepted }.count
            if received >= alertChanges {
                reached = (ContinuousClock.now - started).seconds
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let held = try await target.watchlist.alerts().filter { $0.id.hasPrefix("UTO:") }.count
        try await source.close()
        try await target.close()
        guard let reached else { throw ValidationError("Niger accepted \(received) of \(alertChanges) messages in 900 s") }
        let rate = Double(alertChanges) / reached
        print(
            String(
                format:
                    "%d alert changes: imported in Utopia in %.1f s; all accepted in Niger %.1f s after the import began (%.0f messages/s); Niger holds %d",
                alertChanges,
                imported,
                reached,
                rate,
                held
            )
        )
        return [
            "engine": postgresURL == nil ? "sqlite" : "postgres",
            "import_seconds": imported,
            "all_accepted_seconds": reached,
            "messages_per_second": rate,
            "alerts_held_by_partner": held,
        ]
    }
}
