import ArgumentParser
import Foundation
import LimesCore
import LimesStore

/// `limes retention`: how long protection records are kept in full, and the run that applies it.
struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Show or set the retention periods of protection records, and apply them.",
        subcommands: [Show.self, Set.self, Run.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the retention periods in force (days per category) as JSON.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let policy = try await withStore(store) { try await $0.settings.retentionPolicy() }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(policy), as: UTF8.self))
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace the retention periods with a JSON file, after checking it.")

        @OptionGroup var store: StoreOptions

        @Argument(help: "The file, as `limes retention show` prints it.")
        var file: String

        func run() async throws {
            let text = try readFile(file, what: "file")
            let policy: RetentionPolicy
            do {
                policy = try JSONDecoder().decode(RetentionPolicy.self, from: Data(text.utf8))
            } catch let error as DecodingError {
                throw CommandFailure("\(file): \(error.problem)")
            }
            try await withStore(store) { store in
                do {
                    try await store.settings.setRetentionPolicy(policy, actor: commandLineActor)
                } catch let error as StoreError {
                    throw CommandFailure("\(file): \(error.message)")
                }
            }
            print("retention periods set")
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove what names or describes people in protection records past their period; print a report.",
            discussion: "Statistics keep their counts: kinds, levels, dates and outcomes stay. With --dry-run nothing changes."
        )

        @OptionGroup var store: StoreOptions

        @Flag(help: "Count what would be removed, change nothing.")
        var dryRun = false

        func run() async throws {
            let report = try await withStore(store) { try await $0.settings.runRetention(dryRun: dryRun, actor: commandLineActor) }
            print(report)
        }
    }
}
