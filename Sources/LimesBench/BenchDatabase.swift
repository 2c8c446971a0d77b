import Foundation
import LimesStore

/// A fresh database for one benchmark run: a SQLite file in a temporary folder, or a new
/// database on the PostgreSQL server LIMES_DATABASE_URL names (made with psql).
struct BenchDatabase: CustomStringConvertible {
    var configuration: StoreConfiguration
    var environment: [String: String]
    var description: String
    var cleanup: () -> Void

    func drop() { cleanup() }

    static func sqlite() throws -> BenchDatabase {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("limes-bench-\(UUID().uuidString.prefix(8))").path
        return BenchDatabase(
            configuration: StoreConfiguration(engine: .sqlite(path: (folder as NSString).appendingPathComponent("limes.sqlite"))),
            environment: ["LIMES_DATA_DIR": folder, "LIMES_DATABASE_URL": ""],
            description: "SQLite in \(folder)",
            cleanup: { try? FileManager.default.removeItem(atPath: folder) }
        )
    }

    static func postgres(adminURL: String) throws -> BenchDatabase {
        guard var components = URLComponents(string: adminURL) else { throw BenchHTTPClient.Failure(description: "LIMES_DATABASE_URL does not read") }
        let name = "limes_bench_" + UUID().uuidString.prefix(8).lowercased()
        guard psql(adminURL, "CREATE DATABASE \(name)") else {
            throw BenchHTTPClient.Failure(description: "could not create database \(name) with psql on LIMES_DATABASE_URL")
        }
        components.path = "/" + name
        let url = components.string ?? adminURL
        return BenchDatabase(
            configuration: try StoreConfiguration(environment: ["LIMES_DATABASE_URL": url]),
            environment: ["LIMES_DATABASE_URL": url],
            description: "PostgreSQL database \(name)",
            // FORCE, else a plain DROP: PostgreSQL 15 refuses FORCE to a role without
            // pg_signal_backend while an autovacuum worker is on the database.
            cleanup: {
                if !psql(adminURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") { psql(adminURL, "DROP DATABASE IF EXISTS \(name)") }
            }
        )
    }

    @discardableResult
    static func psql(_ url: String, _ sql: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql]
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return false
        }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

/// pgbench with a one-row INSERT script on the same server: what the hardware and PostgreSQL
/// give for the simplest durable write.
enum PgBench {
    /// A fixed number of transactions per client (`-t`): `-T` was seen here to run on long
    /// past its time when pgbench's output went to a pipe.
    static func run(url: String, clients: Int, transactionsPerClient: Int = 20_000) -> Double? {
        guard BenchDatabase.psql(url, PgBenchPeer.createTable) else {
            return nil
        }
        defer { BenchDatabase.psql(url, PgBenchPeer.dropTable) }
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("limes-pgbench-\(UUID().uuidString).sql")
        try? PgBenchPeer.script.write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        guard
            let output = try? PeerProcess.run([
                "pgbench", "-n", "-c", "\(clients)", "-j", "2", "-t", "\(transactionsPerClient)", "-f", script.path, url,
            ]),
            output.status == 0
        else { return nil }
        let text = String(decoding: output.stdout, as: UTF8.self)
        // "tps = 12345.678901 (without initial connection time)"
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }) else { return nil }
        return Double(line.dropFirst(6).prefix { $0 != " " })
    }
}
