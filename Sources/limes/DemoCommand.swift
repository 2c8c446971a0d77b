import ArgumentParser
import Foundation
import LimesCore
import LimesServer
import LimesStore
import Logging

/// `limes demo`: a small living country to try Limes with, then the server on it.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create a demo country (BCPs, users for every role, a watchlist, months of crossings) and serve it.",
        discussion: """
            The demo lives in its own SQLite file (--data-dir, default demo-data/), never in your \
            real data. It is created on the first run and reused after; --fresh starts it again. \
            Every demo user has the password printed at start: do not use the demo for real work.
            """
    )

    @Option(help: "Folder of the demo database.")
    var dataDir = "demo-data"

    @Option(
        name: .customLong("database-url"),
        help: "Seed this PostgreSQL database (postgres://...) instead of SQLite in --data-dir, which then holds the audit key."
    )
    var databaseURL: String?

    @Flag(help: "Delete the demo database first and create it again.")
    var fresh = false

    @Flag(help: "Create the demo data and exit without serving.")
    var seedOnly = false

    /// Tests create the demo many times; the hash count is not what they test.
    @Option(help: .hidden)
    var passwordRounds = PasswordHasher.defaultRounds

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    func run() async throws {
        var path = (dataDir as NSString).appendingPathComponent("limes.sqlite")
        let storeConfiguration: StoreConfiguration
        if let databaseURL {
            guard !fresh else { throw ValidationError("--fresh deletes a SQLite file only; drop and create the PostgreSQL database yourself") }
            do {
                storeConfiguration = try StoreConfiguration(environment: ["LIMES_DATABASE_URL": databaseURL, "LIMES_DATA_DIR": dataDir])
            } catch {
                throw ValidationError("\(error)")
            }
            path = "\(storeConfiguration)"
        } else {
            if fresh {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            storeConfiguration = StoreConfiguration(engine: .sqlite(path: path))
        }
        let store = try await Store.open(storeConfiguration)
        do {
            if try await store.settings.entryPolicy() == nil {
                say("Creating the demo country in \(path)...")
                let summary = try await DemoData.seed(store, now: Timestamp(), passwordRounds: passwordRounds)
                say(summary)
            } else {
                say("Using the demo country in \(path) (--fresh to start again).")
            }
        } catch {
            try? await store.close()
            throw error
        }
        say(DemoData.howToLogIn(host: host, port: port))
        if seedOnly {
            try await store.close()
            return
        }
        var configuration = ServerConfiguration(host: host, port: port, logLevel: .notice, store: storeConfiguration)
        try configuration.apply(environment: ProcessInfo.processInfo.environment)
        try await ServeCommand.serve(configuration, store: store)
    }
}

/// Written at once, unbuffered: the instructions must reach a log file before the server's
/// own lines, not when the process ends.
private func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
