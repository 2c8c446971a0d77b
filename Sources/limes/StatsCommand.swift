import ArgumentParser
import Foundation
import LimesCore
import LimesServer
import LimesStore

/// `limes stats`: the figures of the statistics page on the command line, disclosure control
/// on a file, and the rollups rebuilt or checked against the crossings.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print figures, protect tables, rebuild or check the rollups.",
        subcommands: [Table.self, Protect.self, Compact.self, Rebuild.self, Verify.self]
    )

    struct Table: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a table of one measure, as the API's /api/v1/statistics/tables gives it.",
            discussion: """
                Example: limes stats table --measure refusals --period 2026-Q4 --by bcp,ground --filter direction=entry
                With --protect the table is protected as an export is (and audited as one).
                """
        )

        @OptionGroup var store: StoreOptions

        @Option(help: "crossings, travellers, refusals, hits, protectionFlags, referrals or personsWithoutDocuments.")
        var measure: String

        @Option(help: "A period: 2026, 2026-Q4, 2026-12, 2026-W49 or 2026-12-08.")
        var period: String?

        @Option(help: "First day (or period) included.")
        var from: String?

        @Option(help: "Last day (or period) included.")
        var to: String?

        @Option(help: "Breakdowns, comma separated (period, bcp, borderType, lane, direction, citizenship, sex, ageBand, ...).")
        var by: String?

        @Option(help: "Period length when broken down by period: day, week, month, quarter or year.")
        var every: String?

        @Option(name: .customLong("filter"), help: "A filter, dimension=value[,value...]; repeat for more.")
        var filters: [String] = []

        @Flag(help: "Apply disclosure control, as for a file that leaves the service.")
        var protect = false

        @Option(help: "With --protect: withhold counts below this (default: the service's setting).")
        var threshold: Int?

        @Option(help: "text, csv, sdmx or json.")
        var format = "text"

        func run() async throws {
            var parameters: [(String, String)] = [("measure", measure)]
            for (name, value) in [("period", period), ("from", from), ("to", to), ("by", by), ("every", every)] {
                if let value { parameters.append((name, value)) }
            }
            for filter in filters {
                let parts = filter.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw CommandFailure("--filter \(filter): write dimension=value, such as direction=entry") }
                parameters.append((parts[0], parts[1]))
            }
            guard ["text", "csv", "sdmx", "json"].contains(format) else {
                throw CommandFailure("--format: '\(format)' is not text, csv, sdmx or json")
            }
            let output = try await withStore(store) { store -> String in
                let service = StatisticsService(store: store)
                let settings = try await service.settings()
                var rules: DisclosureRules? = nil
                let table: StatTable
                do {
                    if protect {
                        var chosen = settings.rules
                        if let threshold {
                            chosen = DisclosureRules(threshold: threshold, protectionInterval: max(threshold, chosen.protectionInterval))
                        }
                        if let problem = chosen.problems.first { throw CommandFailure("--threshold: \(problem.message)") }
                        let query = try StatQuery(parameters: parameters, today: service.today(), ages: settings.ageBands)
                        table = try await service.protect([query], rules: chosen)[0]
                        rules = chosen
                        try await store.audit.record([
                            AuditEntry(
                                actor: commandLineActor,
                                action: "export",
                                recordType: "statistics",
                                recordID: query.measure.rawValue,
                                purpose: "\(format) from the command line"
                            )
                        ])
                    } else {
                        table = try await service.table(parameters: parameters)
                    }
                } catch let problem as StatQuery.Problem {
                    throw CommandFailure("\(problem.parameter): \(problem.message)")
                }
                switch format {
                case "csv":
                    return StatExport.csv(table, rules: rules, source: "Limes, \(protect ? "protected" : "unprotected: for use inside the service")")
                case "sdmx": return StatExport.sdmxCSV(table, agency: "LIMES")
                case "json":
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    return String(decoding: try encoder.encode(table), as: UTF8.self) + "\n"
                default: return Self.text(table)
                }
            }
            print(output, terminator: "")
        }

        /// Columns aligned, totals as "total", withheld cells as "x (primary)".
        static func text(_ table: StatTable) -> String {
            let header = table.query.by.map(\.rawValue) + ["count"]
            var rows = [header]
            for cell in table.cells {
                let value = cell.value.map(String.init) ?? "x (\(cell.status?.rawValue ?? "withheld"))"
                rows.append(cell.coordinates.map { $0 == StatCell.total ? "total" : $0 } + [value])
            }
            let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
            var lines = ["\(table.query.measure.rawValue), \(table.query.from) to \(table.query.to)"]
            for row in rows {
                let padded = row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                lines.append(padded.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// Disclosure control on counts given in a file, nothing read from the store: for checking
    /// the protection on tables of one's own (the test suite's attacker uses it on random ones).
    struct Protect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Protect tables built from counts in a JSON file; print them protected as JSON.",
            discussion: """
                The file: {"dimensions": ["bcp", "sex"], "rows": [{"values": ["NORTH", "F"], "count": 3}, ...],
                "tables": [["bcp"], ["bcp", "sex"]], "threshold": 5, "protectionInterval": 5}.
                Every table is protected together with the others, as the tables of one release are.
                """
        )

        @Argument(help: "The JSON file, or - for standard input.")
        var file: String

        struct Input: Decodable {
            struct Row: Decodable {
                var values: [String]
                var count: Int
            }

            var dimensions: [String]
            var rows: [Row]
            var tables: [[String]]
            var threshold: Int?
            var protectionInterval: Int?
        }

        func run() async throws {
            let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : Data(try readFile(file, what: "file").utf8)
            let input: Input
            do {
                input = try JSONDecoder().decode(Input.self, from: data)
            } catch let error as DecodingError {
                throw CommandFailure("\(file): \(error.problem)")
            }
            let dimensions = try input.dimensions.map { name in
                guard let dimension = StatDimension(rawValue: name), dimension != .period else {
                    throw CommandFailure("\(file): dimensions: '\(name)' is not a breakdown")
                }
                return dimension
            }
            let day = CalendarDate(year: 2026, month: 1, day: 1)!
            var rows: [StatFacts.Row] = []
            for (index, row) in input.rows.enumerated() {
                guard row.values.count == dimensions.count else { throw CommandFailure("\(file): rows[\(index)]: give one value per dimension") }
                guard row.count >= 0 else { throw CommandFailure("\(file): rows[\(index)].count: a count is not negative") }
                rows.append(StatFacts.Row(day: day, values: row.values, count: row.count))
            }
            let queries = try input.tables.enumerated().map { index, names in
                StatQuery(
                    measure: .crossings,
                    from: day,
                    to: day,
                    by: try names.map { name in
                        guard let dimension = StatDimension(rawValue: name), dimensions.contains(dimension) else {
                            throw CommandFailure("\(file): tables[\(index)]: '\(name)' is not one of the dimensions")
                        }
                        return dimension
                    }
                )
            }
            let rules = DisclosureRules(threshold: input.threshold ?? 5, protectionInterval: input.protectionInterval)
            if let problem = rules.problems.first { throw CommandFailure("\(file): \(problem.field): \(problem.message)") }
            let source = StatQuery(measure: .crossings, from: day, to: day).source
            let tables = try ReleaseProtection.protect(queries, facts: [source: StatFacts(dimensions: dimensions, rows: rows)], rules: rules)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(tables), as: UTF8.self))
        }
    }

    struct Compact: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Gather the months that are over into the monthly rollup (the server does it every hour)."
        )

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let months = try await withStore(store) { store in
                try await store.statistics.compact(bands: try await store.settings.statistics().ageBands, today: .today())
            }
            print("\(months) months gathered")
        }
    }

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recompute the rollups from the crossings, to repair them.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await withStore(store) { try await $0.statistics.rebuild(actor: commandLineActor) }
            print("rollups rebuilt from the crossings")
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the rollups in memory and compare them with those stored; fail on any difference."
        )

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let differences = try await withStore(store) { try await $0.statistics.differences() }
            guard differences.isEmpty else {
                differences.prefix(20).forEach { print($0) }
                throw CommandFailure("\(differences.count) rollup rows disagree with the crossings; `limes stats rebuild` recomputes them")
            }
            print("the rollups agree with the crossings")
        }
    }
}
