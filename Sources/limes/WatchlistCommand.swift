import ArgumentParser
import Foundation
import LimesCore
import LimesStore

/// `limes watchlist`: the watchlists in the database.
struct WatchlistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watchlist",
        abstract: "Manage the watchlists in the database.",
        subcommands: [Import.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import alerts from a CSV or JSON Lines file, all or nothing.",
            discussion: """
                Alerts are added or, by id, updated. With --replace, the alerts of the lists that the \
                file holds and that the file no longer contains are removed. A file with any error is \
                refused whole, each error named with its line and field, and the database is left as \
                it was. The database is LIMES_DATABASE_URL, or SQLite in LIMES_DATA_DIR (default data/).
                """
        )

        @Argument(help: "The file: CSV, or JSON Lines when it ends in .jsonl or .ndjson.")
        var file: String

        @Flag(help: "Remove alerts of the file's lists that the file no longer contains.")
        var replace = false

        func run() async throws {
            let text = try readFile(file, what: "file")
            let alerts: [Alert]
            do {
                alerts = try WatchlistFile.read(text, format: .guess(path: file))
            } catch {
                throw CommandFailure("\(file): \(error)")
            }
            let store = try await Store.open(try StoreConfiguration(environment: ProcessInfo.processInfo.environment))
            do {
                let report = try await store.importAlerts(alerts, replace: replace)
                print("imported \(alerts.count) alerts from \(file): \(report)")
                try await store.close()
            } catch {
                try? await store.close()
                throw CommandFailure("\(file): the import failed and nothing was changed: \(error)")
            }
        }
    }
}
