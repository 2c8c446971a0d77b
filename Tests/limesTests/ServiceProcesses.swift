import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Real `limes serve` processes on loopback, as headquarters and posts: started, stopped,
/// killed and started again on the same data, each wait bounded.
final class ServedLimes: @unchecked Sendable {
    let arguments: [String]
    let environment: [String: String]
    let port: Int
    let logFile: String
    private(set) var process: Process?

    init(arguments: [String], environment: [String: String] = [:], port: Int, logFile: String) {
        self.arguments = arguments
        self.environment = environment
        self.port = port
        self.logFile = logFile
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts the process and waits (at most 30 s) until `/health` answers 200.
    func start() async throws {
        let process = Process()
        process.executableURL = LimesProcess.executable
        process.arguments = ["serve", "--port", "\(port)"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if !FileManager.default.fileExists(atPath: logFile) { FileManager.default.createFile(atPath: logFile, contents: nil) }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        try log.seekToEnd()
        process.standardError = log
        process.standardOutput = log
        try process.run()
        self.process = process
        for _ in 0..<150 {
            if let (status, _) = try? await HTTP.request(url + "/health"), status == 200 { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("limes serve \(arguments.joined(separator: " ")) did not become ready: \(logs)")
        throw CancellationError()
    }

    /// SIGTERM, and wait (at most 20 s) for it to end.
    func stop() async {
        guard let process, process.isRunning else { return }
        process.terminate()
        for _ in 0..<100 where process.isRunning { try? await Task.sleep(for: .milliseconds(200)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// SIGTERM and wait, from a `defer`: SIGKILL after 20 s.
    func stopNow() {
        guard let process else { return }
        end(process, within: 20)
    }

    /// SIGKILL: the process ends wherever it is, as in a power cut of the process.
    func killNow() {
        guard let process else { return }
        end(process, within: 0)
    }

    var logs: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }
}

/// Ends a child process: SIGTERM, then SIGKILL if it is still running after `seconds`.
/// Bounded on purpose: Foundation's `waitUntilExit` spins at full CPU, for ever, on a child that
/// ignores SIGTERM, so it is only called once the child is known to have ended.
func end(_ process: Process, within seconds: Int) {
    guard process.isRunning else { return }
    if seconds > 0 {
        process.terminate()
        for _ in 0..<(seconds * 10) where process.isRunning { usleep(100_000) }
    }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    for _ in 0..<100 where process.isRunning { usleep(100_000) }
    if !process.isRunning { process.waitUntilExit() }
}

/// Plain HTTP as a client of the API would send it.
enum HTTP {
    static func request(_ url: String, method: String = "GET", json: String? = nil, token: String? = nil, headers: [String: String] = [:])
        async throws -> (Int, String)
    {
        var request = URLRequest(url: URL(string: url)!, timeoutInterval: 10)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    /// Logs in and returns the token, or nil with the status when refused.
    static func login(_ base: String, _ username: String, password: String = "limes-demo-2026") async throws -> String? {
        let (status, body) = try await request(
            base + "/api/v1/login",
            method: "POST",
            json: #"{"username":"\#(username)","password":"\#(password)"}"#
        )
        guard status == 200 else { return nil }
        return try object(body)["token"] as? String
    }
}

/// Waits for `condition` (at most `seconds`), checking every 200 ms.
func eventually(_ what: String, within seconds: Int = 60, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if (try? await condition()) == true { return }
        try await Task.sleep(for: .milliseconds(200))
    }
    Issue.record("not within \(seconds) s: \(what)")
    throw CancellationError()
}
