import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `limes serve` as an operator runs it: a real process on loopback, JSON log lines, and
/// `/metrics` on a port of its own.
@Suite("limes serve")
struct ServeCommandTests {
    struct Server {
        let process: Process
        let logs: Pipe
        let port: Int
        let metricsPort: Int

        func stop() -> String {
            process.terminate()
            process.waitUntilExit()
            return String(decoding: logs.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
    }

    static func request(_ url: String, method: String = "GET", json: String? = nil, token: String? = nil) async throws -> (Int, String) {
        try await HTTP.request(url, method: method, json: json, token: token)
    }

    static func start() async throws -> Server {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("limes-serve-\(UUID().uuidString)").path
        let seeded = try LimesProcess.run(["demo", "--seed-only", "--data-dir", folder, "--password-rounds", "1000"])
        try #require(seeded.status == 0, "\(seeded.stderr)")
        let port = Int.random(in: 20_000..<40_000)
        let metricsPort = port + 1
        let process = Process()
        process.executableURL = LimesProcess.executable
        process.arguments = [
            "serve", "--data-dir", folder, "--port", "\(port)", "--metrics-port", "\(metricsPort)", "--log-format", "json", "--log-level", "info",
        ]
        let logs = Pipe()
        process.standardError = logs
        process.standardOutput = Pipe()
        try process.run()
        let server = Server(process: process, logs: logs, port: port, metricsPort: metricsPort)
        // Bounded: ready (screening built) within 30 s, or the test fails.
        for _ in 0..<150 {
            if let (status, _) = try? await request("http://127.0.0.1:\(port)/health"), status == 200 { return server }
            try await Task.sleep(for: .milliseconds(200))
        }
        let output = server.stop()
        Issue.record("the server did not become ready: \(output)")
        throw CancellationError()
    }

    @Test func metricsAreServedOnTheirOwnPortAndLogsAreJSONLines() async throws {
        let server = try await Self.start()
        let api = "http://127.0.0.1:\(server.port)"
        let (wrong, _) = try await Self.request(api + "/api/v1/login", method: "POST", json: #"{"username":"first","password":"wrong password"}"#)
        #expect(wrong == 401)
        let (ok, body) = try await Self.request(api + "/api/v1/login", method: "POST", json: #"{"username":"first","password":"limes-demo-2026"}"#)
        #expect(ok == 200)
        let token = try #require((try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["token"] as? String)
        let mrz = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
        let (checked, _) = try await Self.request(
            api + "/api/v1/checks",
            method: "POST",
            json: #"{"mrz":"\#(mrz)","bcp":"UTO-NORTH","lane":"L1","direction":"entry"}"#,
            token: token
        )
        #expect(checked == 201)

        // A request is counted once its answer is written: look again for a moment.
        let checks = #"{http_route="/api/v1/checks",http_request_method="POST",http_response_status_code="201"} 1"#
        var (status, metrics) = try await Self.request("http://127.0.0.1:\(server.metricsPort)/metrics")
        for _ in 0..<20 where !metrics.contains(checks) {
            try await Task.sleep(for: .milliseconds(100))
            (status, metrics) = try await Self.request("http://127.0.0.1:\(server.metricsPort)/metrics")
        }
        #expect(status == 200)
        for name in [
            "limes_check_duration_seconds_bucket", "limes_db_transactions_total", "limes_db_group_commit_size_bucket",
            "limes_screening_alerts", "limes_screening_built_timestamp_seconds", "limes_login_failures_total",
        ] {
            #expect(metrics.contains(name), "\(name) in /metrics")
        }
        // Requests by route pattern and status, never by a traveller's id.
        #expect(metrics.contains("hb_requests" + checks))
        #expect(
            metrics.contains(#"hb_request_errors{http_route="/api/v1/login",http_request_method="POST",error_type="401"} 1"#)
                || metrics.contains(#"hb_requests{http_route="/api/v1/login",http_request_method="POST",http_response_status_code="401"} 1"#),
            "the failed login, by route and status"
        )
        // Not on the public port.
        let (public404, _) = try await Self.request(api + "/metrics")
        #expect(public404 == 404)

        let output = server.stop()
        let lines = output.split(separator: "\n").filter { !$0.isEmpty }
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] is String && object?["message"] is String && object?["time"] is String, "a JSON log line: \(line)")
        }
        #expect(lines.contains { $0.contains(#""message":"login failed""#) })
    }

    /// The store's own figures count from its first transaction: the migrations of a new database.
    @Test func metricsAreBootstrappedBeforeTheStoreOpens() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("limes-serve-new-\(UUID().uuidString)").path
        let port = Int.random(in: 20_000..<40_000)
        let process = Process()
        process.executableURL = LimesProcess.executable
        process.arguments = ["serve", "--data-dir", folder, "--port", "\(port)", "--metrics-port", "\(port + 1)"]
        process.standardError = Pipe()
        process.standardOutput = Pipe()
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var metrics = ""
        for _ in 0..<150 {
            if let (status, body) = try? await Self.request("http://127.0.0.1:\(port + 1)/metrics"), status == 200,
                body.contains("limes_db_transactions_total")
            {
                metrics = body
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(metrics.contains(#"limes_db_transactions_total{engine="sqlite"}"#), "the migrations' transactions are counted")
    }

    /// On PostgreSQL the connection pool runs in the server's service group: ready before the
    /// store opens on it, stopped after the server on SIGTERM, and never leased before it runs.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["LIMES_TEST_POSTGRES_URL"]?.isEmpty == false))
    func onPostgreSQLThePoolRunsInTheServiceGroupAndStopsCleanly() async throws {
        let admin = ProcessInfo.processInfo.environment["LIMES_TEST_POSTGRES_URL"]!
        let name = "limes_serve_" + UUID().uuidString.prefix(8).lowercased()
        func psql(_ sql: String) throws -> Bool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["psql", admin, "-qc", sql]
            process.standardError = Pipe()
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus == 0
        }
        try #require(try psql("CREATE DATABASE \(name)"), "psql CREATE DATABASE \(name)")
        // A plain DROP: the server has stopped by then, and PostgreSQL 15 refuses WITH (FORCE)
        // to a role without pg_signal_backend when an autovacuum worker is on the database.
        defer { _ = try? psql("DROP DATABASE IF EXISTS \(name)") }
        let url = admin[..<admin.lastIndex(of: "/")!] + "/" + name
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("limes-serve-pg-\(UUID().uuidString)").path
        let port = Int.random(in: 20_000..<40_000)
        let process = Process()
        process.executableURL = LimesProcess.executable
        process.arguments = ["serve", "--port", "\(port)", "--data-dir", folder]
        process.environment = ProcessInfo.processInfo.environment.merging(["LIMES_DATABASE_URL": String(url)]) { $1 }
        let logs = Pipe()
        process.standardError = logs
        process.standardOutput = Pipe()
        try process.run()
        var health = ""
        for _ in 0..<150 {
            if let (status, body) = try? await Self.request("http://127.0.0.1:\(port)/health"), status == 200 {
                health = body
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        process.terminate()
        // Bounded: a server that does not stop within 20 s fails the test.
        for _ in 0..<100 where process.isRunning { try await Task.sleep(for: .milliseconds(200)) }
        #expect(!process.isRunning, "limes serve stopped on SIGTERM")
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let output = String(decoding: logs.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(health.contains(#""engine":"postgres""#), "\(output)")
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(!output.contains("hasn't been called"), "no connection leased before the pool ran: \(output)")
    }
}
