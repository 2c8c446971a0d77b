import ArgumentParser
import Foundation
import LimesCore
import LimesStore

/// `limes watchlist`: the watchlists in the database.
struct WatchlistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watchlist",
        abstract: "Manage the watchlists in the database.",
        subcommands: [Import.self, Clear.self]
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

        @OptionGroup var store: StoreOptions

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
            let report = try await withStore(store, create: true) { [alerts, replace, file] store in
                do {
                    return try await store.watchlist.importAlerts(alerts, replace: replace, actor: "cli")
                } catch {
                    throw CommandFailure("\(file): the import failed and nothing was changed: \(error)")
                }
            }
            print("imported \(alerts.count) alerts from \(file): \(report)")
        }
    }

    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that the holder of a document is not the person of an alert.",
            discussion: """
                Later screenings of that document still show the hit, with "previously cleared by \
                OFFICER, on DAY: REASON" beside it.
                """
        )

        @OptionGroup var store: StoreOptions

        @Option(help: "The alert's id.")
        var alert: String

        @Option(help: "The traveller's document number.")
        var documentNumber: String

        @Option(help: "The document's issuing state (ICAO code).")
        var documentCountry: String

        @Option(help: "Who decided.")
        var officer: String

        @Option(help: "Why: what showed that this is another person.")
        var reason: String

        func validate() throws {
            guard !DocumentNumber.normalized(documentNumber).isEmpty else { throw ValidationError("--document-number has no letters or digits") }
            guard CountryCode(code: documentCountry.uppercased()).isKnown else {
                throw ValidationError("--document-country '\(documentCountry)' is not an ICAO country code")
            }
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must say why") }
        }

        func run() async throws {
            let clearance = Clearance(
                alertID: alert,
                documentKey: DocumentNumber.key(number: documentNumber, country: documentCountry.uppercased()),
                officer: officer,
                day: .today(),
                reason: reason
            )
            try await withStore(store) { [alert, clearance] store in
                guard try await store.watchlist.alerts().contains(where: { $0.id == alert }) else {
                    throw CommandFailure("no alert with id '\(alert)'")
                }
                try await store.watchlist.recordClearance(clearance)
            }
            print("recorded: \(clearance.summary)")
        }
    }
}
