import ArgumentParser
import Foundation
import LimesStore

/// `limes audit`: the hash-chained, signed record of who did what.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the audit trail, and give outside parties what they need to check it.",
        discussion: """
            The chain's head is signed with the audit key (LIMES_AUDIT_KEY_FILE, by default \
            audit-signing.key beside the SQLite file or in LIMES_DATA_DIR), which is never in the \
            database. Give `limes audit public-key` and regular `limes audit checkpoint` lines to an \
            outside party (a data protection authority, say): with them, `limes audit verify` shows \
            a rewritten or shortened chain even when whoever did it could write to the database.
            """,
        subcommands: [Verify.self, PublicKey.self, Checkpoint.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the audit chain, check its signatures and checkpoints, and compare audited records with their events.",
            discussion: """
                Checks: every event's hash and link; the head's signature; every checkpoint kept in \
                the database and in --checkpoints files; every crossing, hit, second-line case and \
                protection record against the digest in its latest event. Each problem is named. \
                Exit status 0 when all holds, 1 when anything was edited, inserted, cut or deleted.
                """
        )

        @OptionGroup var store: StoreOptions

        @Option(
            name: .customLong("public-key"),
            help: "A file holding the trusted public key (from `limes audit public-key`); default: this installation's own key."
        )
        var publicKey: String?

        @Option(name: .customLong("checkpoints"), help: "A file of checkpoint lines kept outside the database (repeatable).")
        var checkpointFiles: [String] = []

        func run() async throws {
            var trusted: AuditPublicKey?
            if let publicKey {
                guard let key = AuditPublicKey(text: try readFile(publicKey, what: "--public-key")) else {
                    throw CommandFailure("--public-key \(publicKey): not a public key (one line, ed25519: and the key in base64)")
                }
                trusted = key
            }
            var checkpoints: [AuditCheckpoint] = []
            for file in checkpointFiles {
                do {
                    checkpoints += try AuditCheckpoint.lines(try readFile(file, what: "--checkpoints"), source: file)
                } catch let error as StoreError {
                    throw CommandFailure("--checkpoints \(error.message)")
                }
            }
            let result = try await withStore(store) { [trusted, checkpoints] in try await $0.audit.verify(trusted: trusted, checkpoints: checkpoints)
            }
            print(result)
            if !result.isIntact { throw ExitCode(1) }
        }
    }

    struct PublicKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "public-key",
            abstract: "Print the public key that checks the chain's signatures, for an outside party to keep."
        )

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let key = try await withStore(store) { $0.audit.publicKey }
            print(key)
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign the chain's current head as a checkpoint, keep it in the database, and print it as one JSON line.",
            discussion:
                "Run it regularly (cron, a systemd timer) and send the lines to an outside party, or append them to a file on another machine."
        )

        @OptionGroup var store: StoreOptions

        @Option(help: "Also append the line to this file.")
        var append: String?

        func run() async throws {
            let checkpoint = try await withStore(store) { try await $0.audit.checkpoint() }
            let line = checkpoint.jsonLine
            if let append {
                guard
                    let handle = FileHandle(forWritingAtPath: append)
                        ?? {
                            FileManager.default.createFile(atPath: append, contents: nil) ? FileHandle(forWritingAtPath: append) : nil
                        }()
                else { throw CommandFailure("--append \(append): cannot write the file") }
                defer { try? handle.close() }
                try handle.seekToEnd()
                try handle.write(contentsOf: Data((line + "\n").utf8))
            }
            print(line)
        }
    }
}
