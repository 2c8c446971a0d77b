import ArgumentParser
import Foundation
import LimesCore
import LimesStore

/// `limes-bench sync`: a post that worked offline sends its backlog to headquarters; how fast
/// that drains against how fast headquarters records crossings live, and how long an import of
/// alert changes at headquarters takes to reach a post's screening.
struct SyncBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "A post's offline backlog draining to headquarters, against headquarters' live rate; alerts down to a post.",
        discussion: """
            Starts headquarters (`limes serve`, SQLite, or PostgreSQL when LIMES_DATABASE_URL names a \
            server) and a post enrolled at it, lets the post take headquarters' users, cuts it off \
            (its headquarters address then leads nowhere) and records --crossings crossings there \
            through its API. Then measures headquarters' live rate (checks and crossings through the \
            API, --clients booths, --seconds), reconnects the post and times the drain until \
            headquarters has acknowledged everything. Last, imports --alert-changes alerts at \
            headquarters and times until a check at the post hits one of them. The last line is one \
            JSON object.
            """
    )

    @Option(help: "Crossings the post records while offline.")
    var crossings = 100_000

    @Option(help: "Alerts added at headquarters for the propagation figure.")
    var alertChanges = 10_000

    @Option(help: "Concurrent booths, at the post while it is offline and at headquarters live.")
    var clients = 8

    @Option(help: "Seconds of headquarters' live load.")
    var seconds = 20.0

    @Option(help: "Changes per batch the post sends (default: limes serve's own).")
    var syncBatchSize: Int?

    @Option(help: "First of the ports used (headquarters, the post, and one that answers nothing).")
    var port = 18_180

    @Option(help: "The limes binary (default: beside this one).")
    var limes: String?

    @Flag(help: "Keep the temporary databases.")
    var keepFiles = false

    /// The issue's target: the backlog drains at least five times as fast as crossings are made.
    static let targetRatio = 5.0

    func validate() throws {
        guard crossings >= 1, alertChanges >= 1, clients >= 1, seconds > 0 else {
            throw ValidationError("--crossings, --alert-changes, --clients and --seconds must be positive")
        }
    }

    func run() async throws {
        let binary = limes ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("limes").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw ValidationError("no limes binary at \(binary); build it (swift build -c release) or pass --limes")
        }
        #if DEBUG
            print("warning: this is a debug build; figures mean little (swift build -c release --product limes-bench)")
        #endif
        let hqPort = port
        let postPort = port + 1
        let nowhere = "http://127.0.0.1:\(port + 2)"
        let postgresURL = ProcessInfo.processInfo.environment["LIMES_DATABASE_URL"].flatMap { $0.hasPrefix("postgres") ? $0 : nil }
        let database = try postgresURL.map { try BenchDatabase.postgres(adminURL: $0) } ?? BenchDatabase.sqlite()
        let postFolder = FileManager.default.temporaryDirectory.appendingPathComponent("limes-bench-post-\(UUID().uuidString.prefix(8))").path
        defer {
            if !keepFiles {
                database.drop()
                try? FileManager.default.removeItem(atPath: postFolder)
            }
        }
        print("headquarters: \(database.description); post: SQLite in \(postFolder)")

        // A country with a watchlist of 2,000 and travellers of whom some are listed.
        let corpus = ScreeningCorpus.generate(persons: 2_000, variants: 600, clean: 20_000, seed: 42)
        let travellers = BenchTravellers.make(from: corpus.queries, seed: 7)
        let (hqToken, _, password) = try await CrossingBenchmark.seed(database, alerts: corpus.alerts, lanes: clients)
        let key = try Self.limes(binary, ["node", "key", "--data-dir", postFolder], environment: [:])
        _ = try Self.limes(
            binary,
            ["node", "enrol", "--id", "bench-post", "--bcp", "BENCH", "--public-key", key.trimmingCharacters(in: .whitespacesAndNewlines)],
            environment: database.environment
        )
        let hq = try ServerUnderTest.start(binary: binary, port: hqPort, environment: database.environment)
        defer { hq.stop() }
        _ = try hq.waitUntilReady(timeout: 120)
        let postEnvironment = ["LIMES_DATA_DIR": postFolder, "LIMES_DATABASE_URL": ""]
        func startPost(headquarters: String) throws -> ServerUnderTest {
            try ServerUnderTest.start(
                binary: binary,
                port: postPort,
                environment: postEnvironment,
                arguments: ["--post", "--node-id", "bench-post", "--headquarters", headquarters, "--sync-interval", "1"]
                    + (syncBatchSize.map { ["--sync-batch-size", String($0)] } ?? [])
            )
        }

        // The post takes headquarters' users, then is cut off.
        var post = try startPost(headquarters: "http://127.0.0.1:\(hqPort)")
        let postToken = try Self.waitForLogin(port: postPort, password: password, timeout: 120)
        post.stop()
        post = try startPost(headquarters: nowhere)
        _ = try post.waitUntilReady(timeout: 120)
        var recorded = 0
        let offlineStarted = ContinuousClock.now
        var pass = 0
        while recorded < crossings {
            let load = LoadRun(port: postPort, token: postToken, travellers: travellers, clients: clients, serverPID: post.process.processIdentifier)
            let window = load.run(warmup: 0, seconds: 10, pass: pass)
            pass += 1
            recorded += window.transactions
            if window.transactions == 0 { throw ValidationError("the offline post recorded nothing: \(window.summary)") }
        }
        let offlineSeconds = (ContinuousClock.now - offlineStarted).seconds
        let backlog = try Self.outbox(binary, postFolder)
        print(
            String(
                format: "offline: %d crossings recorded at the post in %.0f s (%.0f/s); %d changes waiting",
                recorded,
                offlineSeconds,
                Double(recorded) / offlineSeconds,
                backlog.written - backlog.acknowledged
            )
        )
        post.stop()

        // Headquarters' live rate, alone on the machine.
        let live = LoadRun(port: hqPort, token: hqToken, travellers: travellers, clients: clients, serverPID: hq.process.processIdentifier)
            .run(warmup: 2, seconds: seconds)
        print("live at headquarters: " + live.summary)

        // The post reconnects: time until headquarters has acknowledged all of it.
        let drainStarted = ContinuousClock.now
        post = try startPost(headquarters: "http://127.0.0.1:\(hqPort)")
        defer { post.stop() }
        while true {
            let now = try Self.outbox(binary, postFolder)
            if now.acknowledged >= backlog.written { break }
            if (ContinuousClock.now - drainStarted).seconds > 3_600 { throw ValidationError("the backlog did not drain within an hour: \(now)") }
            try await Task.sleep(for: .milliseconds(500))
        }
        let drainSeconds = (ContinuousClock.now - drainStarted).seconds
        let drainRate = Double(recorded) / drainSeconds
        let ratio = drainRate / max(live.transactionsPerSecond, 0.001)
        print(
            String(
                format: "drain: %d crossings (%d changes) acknowledged in %.1f s: %.0f crossings/s, %.1f× the live rate (target %.0f×: %@)",
                recorded,
                backlog.written,
                drainSeconds,
                drainRate,
                ratio,
                Self.targetRatio,
                ratio >= Self.targetRatio ? "met" : "not met"
            )
        )

        // Alerts down: an import at headquarters until a check at the post hits one of them.
        let (alerts, probe) = try Self.newAlerts(alertChanges)
        let importStarted = ContinuousClock.now
        let store = try await Store.open(database.configuration)
        _ = try await store.watchlist.importAlerts(alerts, replace: false)
        try await store.close()
        let imported = (ContinuousClock.now - importStarted).seconds
        let client = BenchHTTPClient(port: postPort)
        let body = #"{"mrz":"\#(probe.replacingOccurrences(of: "\n", with: "\\n"))","bcp":"BENCH","lane":"L1","direction":"entry"}"#
        var screened: Double?
        while (ContinuousClock.now - importStarted).seconds < 600 {
            let response = try client.request("POST", "/api/v1/checks", body: Data(body.utf8), headers: ["Authorization": "Bearer \(postToken)"])
            if response.status == 201, String(decoding: response.body, as: UTF8.self).contains("BENCH-NEW-") {
                screened = (ContinuousClock.now - importStarted).seconds
                break
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        guard let screened else { throw ValidationError("the post never screened against the new alerts within 10 minutes") }
        print(
            String(
                format: "alerts: %d imported at headquarters in %.1f s; the post screens against them %.1f s after the import began",
                alertChanges,
                imported,
                screened
            )
        )

        let figures: [String: Any] = [
            "engine": postgresURL == nil ? "sqlite" : "postgres",
            "offline_crossings": recorded,
            "offline_changes": backlog.written,
            "drain_seconds": drainSeconds,
            "drain_crossings_per_second": drainRate,
            "live_transactions_per_second": live.transactionsPerSecond,
            "live_p99_ms": live.p99,
            "drain_to_live_ratio": ratio,
            "ratio_target_met": ratio >= Self.targetRatio,
            "alert_changes": alertChanges,
            "alerts_screened_at_post_seconds": screened,
        ]
        print(String(decoding: try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys]), as: UTF8.self))
    }

    /// Runs `limes` and returns what it printed; fails with what it said when it fails.
    static func limes(_ binary: String, _ arguments: [String], environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("limes \(arguments.joined(separator: " ")): \(said)") }
        return text
    }

    /// The post's outbox as `limes node status` prints it.
    static func outbox(_ binary: String, _ folder: String) throws -> (written: Int, acknowledged: Int) {
        let status = try limes(binary, ["node", "status", "--data-dir", folder], environment: ["LIMES_DATABASE_URL": ""])
        let numbers =
            status.split(separator: "\n").first { $0.hasPrefix("outbox:") }?.split(separator: " ").compactMap { Int($0) } ?? []
        guard numbers.count >= 2 else { throw ValidationError("limes node status did not print the outbox: \(status)") }
        return (numbers[0], numbers[1])
    }

    /// Logs the booth in at the post once it has headquarters' users.
    static func waitForLogin(port: Int, password: String, timeout: Double) throws -> String {
        let started = Date()
        let body = try JSONSerialization.data(withJSONObject: ["username": "booth", "password": password, "kind": "device"])
        while Date().timeIntervalSince(started) < timeout {
            let client = BenchHTTPClient(port: port)
            if let response = try? client.request("POST", "/api/v1/login", body: body), response.status == 200,
                let token = LoadRun.value(of: "token", in: response.body)
            {
                return token
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
        throw ValidationError("the post did not take headquarters' users within \(Int(timeout)) s")
    }

    /// `count` new alerts, and the MRZ of a traveller whom the last of them lists.
    static func newAlerts(_ count: Int) throws -> ([Alert], String) {
        var alerts: [Alert] = []
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        for index in 0..<count {
            // Distinct surnames made of letters, as an MRZ holds them.
            var n = index
            var name = ""
            repeat {
                name.append(letters[n % 26])
                n /= 26
            } while n > 0
            alerts.append(
                Alert(
                    id: "BENCH-NEW-\(index)",
                    list: .entryBan,
                    names: ["QUORVEX\(name) TALIAN"],
                    birthDate: PartialDate(year: 1970 + index % 30, month: 1 + index % 12, day: 1 + index % 28),
                    sex: .female,
                    nationalities: ["GHA"],
                    action: .refuseEntry,
                    authority: "limes-bench"
                )
            )
        }
        let last = alerts[alerts.count - 1]
        let probe = try MRZWriter.passport(
            issuer: "GHA",
            number: "QB0000001",
            surname: String(last.names[0].split(separator: " ")[0]),
            givenNames: "TALIAN",
            nationality: "GHA",
            birthDate: CalendarDate(year: last.birthDate!.year, month: last.birthDate!.month!, day: last.birthDate!.day!)!,
            sex: .female,
            expiry: CalendarDate(iso: "2032-01-01")!
        )
        return (alerts, probe)
    }
}
