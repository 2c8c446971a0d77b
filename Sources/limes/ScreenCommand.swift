import ArgumentParser
import Foundation
import LimesCore
import LimesStore

/// `limes screen`: one person, or a batch of queries, against a watchlist.
struct ScreenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Screen persons against a watchlist.",
        discussion: """
            One person: limes screen --watchlist LIST.csv --name "ZAKHAROV IVAN" [--birth-date 1971-03-04] [--nationality RUS]
            A batch: limes screen --watchlist LIST.csv --queries QUERIES.csv [--top N] [--threshold T]
            The batch prints one JSON object per query and line, hits best first. The query file has the \
            header query_id,name,birth_date,nationality. Without --watchlist, the alerts in the database \
            are screened (see limes watchlist import).
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Watchlist file (CSV, or JSON Lines when it ends in .jsonl); default: the database.")
    var watchlist: String?

    @Option(help: "Queries file (CSV) for batch screening.")
    var queries: String?

    @Option(help: "The name to screen, in any script.")
    var name: String?

    @Option(help: "Birth date: YYYY-MM-DD, YYYY-MM or YYYY.")
    var birthDate: String?

    @Option(help: "Nationality, an ICAO country code.")
    var nationality: String?

    @Option(help: "Document number, to check against lost and stolen documents.")
    var documentNumber: String?

    @Option(help: "Issuing state of the document.")
    var documentCountry: String?

    @Option(help: "Show at most this many hits per query.")
    var top: Int = 5

    @Option(help: "Lowest score shown (0 to 1); default: the policy's possible threshold, 0.70.")
    var threshold: Double?

    @Option(help: "Lowest score of a strong hit (0 to 1); default 0.85.")
    var strongThreshold: Double?

    func validate() throws {
        guard (queries == nil) != (name == nil && documentNumber == nil) else {
            throw ValidationError("give either --queries for a batch, or --name (and/or --document-number) for one person")
        }
        if let birthDate, PartialDate(iso: birthDate) == nil {
            throw ValidationError("--birth-date '\(birthDate)' is not YYYY-MM-DD, YYYY-MM or YYYY")
        }
        if let nationality, !CountryCode(code: nationality.uppercased()).isKnown {
            throw ValidationError("--nationality '\(nationality)' is not an ICAO country code")
        }
        if let threshold, !(0...1).contains(threshold) { throw ValidationError("--threshold must be between 0 and 1, got \(threshold)") }
        if let strongThreshold, !(0...1).contains(strongThreshold) {
            throw ValidationError("--strong-threshold must be between 0 and 1, got \(strongThreshold)")
        }
        if top < 1 { throw ValidationError("--top must be at least 1, got \(top)") }
    }

    func run() async throws {
        let alerts: [Alert]
        var clearances: [String: Clearance] = [:]
        if let watchlist {
            alerts = try loadWatchlist(watchlist)
        } else {
            let key = documentNumber.map { DocumentNumber.key(number: $0, country: documentCountry?.uppercased()) }
            (alerts, clearances) = try await withStore(store) { store in
                var clearances: [String: Clearance] = [:]
                if let key { clearances = try await store.watchlist.clearances(documentKey: key) }
                return (try await store.watchlist.alerts(), clearances)
            }
        }
        let index = ScreeningIndex(alerts: alerts)
        var policy = ScreeningPolicy()
        if let threshold {
            policy.possibleThreshold = threshold
            policy.strongThreshold = max(policy.strongThreshold, threshold)
        }
        if let strongThreshold { policy.strongThreshold = max(strongThreshold, policy.possibleThreshold) }
        let scratch = ScreeningScratch(index: index)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]

        if let queries {
            let entries: [QueryFile.Entry]
            do {
                entries = try QueryFile.read(try readFile(queries, what: "--queries"))
            } catch let error as WatchlistFileErrors {
                throw CommandFailure("\(queries): \(error)")
            }
            for entry in entries {
                let hits = index.screen(entry.query, policy: policy, scratch: scratch).prefix(top)
                let line = BatchLine(queryID: entry.id, hits: hits.map { BatchLine.Hit($0) })
                print(String(decoding: try encoder.encode(line), as: UTF8.self))
            }
            return
        }

        let query = ScreeningQuery(
            name: name ?? "",
            birthDate: birthDate.flatMap { PartialDate(iso: $0) },
            nationality: nationality?.uppercased(),
            documentNumber: documentNumber,
            documentCountry: documentCountry?.uppercased()
        )
        let hits = Array(index.screen(query, policy: policy, scratch: scratch, clearance: { clearances[$0] }).prefix(top))
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        print(String(decoding: try encoder.encode(hits), as: UTF8.self))
    }

    private func loadWatchlist(_ path: String) throws -> [Alert] {
        let text = try readFile(path, what: "--watchlist")
        do {
            return try WatchlistFile.read(text, format: .guess(path: path))
        } catch {
            throw CommandFailure("\(path): \(error)")
        }
    }
}

/// One line of batch output, in the shape the screening peers print too.
struct BatchLine: Encodable {
    struct Hit: Encodable {
        var id: String
        var score: Double
        var band: String
        var reasons: [String]

        init(_ hit: ScreeningHit) {
            id = hit.alertID
            score = hit.score
            band = hit.band.rawValue
            reasons = hit.reasons
        }
    }

    var queryID: String
    var hits: [Hit]

    enum CodingKeys: String, CodingKey {
        case queryID = "query_id"
        case hits
    }
}
