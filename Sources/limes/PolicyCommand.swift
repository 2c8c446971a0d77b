import ArgumentParser
import Foundation
import LimesCore
import LimesStore

/// `limes policy`: the entry conditions (visa list, stay rules, refusal grounds) as a JSON file.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Show, set or start the entry policy.",
        subcommands: [Show.self, Set.self, Example.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the entry policy in force as JSON.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard let policy = try await withStore(store, { try await $0.settings.entryPolicy() }) else {
                throw CommandFailure("no entry policy is set; start from `limes policy example --country XXX`")
            }
            print(try PolicyCommand.json(policy))
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace the entry policy with a JSON file, after checking it.")

        @OptionGroup var store: StoreOptions

        @Argument(help: "The policy file (JSON, as `limes policy show` prints it).")
        var file: String

        func run() async throws {
            let text = try readFile(file, what: "file")
            let policy: EntryPolicy
            do {
                policy = try JSONDecoder().decode(EntryPolicy.self, from: Data(text.utf8))
            } catch let error as DecodingError {
                throw CommandFailure("\(file): \(error.problem)")
            }
            try await withStore(store, create: true) { store in
                do {
                    try await store.settings.setEntryPolicy(policy, actor: commandLineActor)
                } catch let error as StoreError {
                    throw CommandFailure("\(file): \(error.message)")
                }
            }
            print("entry policy set: \(policy.groups.count) groups, \(policy.refusalGrounds.count) refusal grounds")
        }
    }

    struct Example: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print an example policy to start from (Schengen rules).")

        @Option(help: "Your country's ICAO code.")
        var country: String

        func run() async throws {
            print(try PolicyCommand.json(EntryPolicy.example(country: country.uppercased())))
        }
    }

    static func json(_ policy: EntryPolicy) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(policy), as: UTF8.self)
    }
}
