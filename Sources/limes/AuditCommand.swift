import ArgumentParser
import LimesStore

/// `limes audit`: the hash-chained record of who did what.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the audit trail.",
        subcommands: [Verify.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the audit hash chain and say where it breaks.",
            discussion: "Exit status 0 when the chain is whole, 1 when an event was edited, inserted or deleted."
        )

        func run() async throws {
            let result = try await withStore { try await $0.verifyAudit() }
            print(result)
            if !result.isIntact { throw ExitCode(1) }
        }
    }
}
