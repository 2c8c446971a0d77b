import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A `limes serve` process started for a benchmark.
struct ServerUnderTest: @unchecked Sendable {
    let process: Process
    let port: Int

    static func start(binary: String, port: Int, environment: [String: String], arguments: [String] = []) throws -> ServerUnderTest {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--port", "\(port)", "--log-level", "warning"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return ServerUnderTest(process: process, port: port)
    }

    /// Seconds until /health says screening is ready.
    func waitUntilReady(timeout: Double) throws -> Double {
        let started = Date()
        while Date().timeIntervalSince(started) < timeout {
            guard process.isRunning else { throw BenchHTTPClient.Failure(description: "limes serve exited with status \(process.terminationStatus)") }
            let client = BenchHTTPClient(port: port)
            if let response = try? client.request("GET", "/health"), String(decoding: response.body, as: UTF8.self).contains("\"ready\":true") {
                return Date().timeIntervalSince(started)
            }
            Thread.sleep(forTimeInterval: 0.25)
        }
        throw BenchHTTPClient.Failure(description: "limes serve was not ready after \(Int(timeout)) s")
    }

    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
