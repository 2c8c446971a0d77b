import ArgumentParser
import Foundation
import LimesStore

/// `limes node`: the nodes of one service, a headquarters and its border posts.
struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Enrol border posts at headquarters, list them, and show a post's link.",
        discussion: """
            On the post: `limes node key` prints the public key the post signs with (its audit \
            key, LIMES_AUDIT_KEY_FILE). At headquarters: `limes node enrol --id ID --bcp CODE \
            --public-key KEY` pins that key. Then run the post with `limes serve --post --node-id \
            ID --headquarters URL`.
            """,
        subcommands: [Key.self, Enrol.self, List.self, Status.self]
    )

    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the public key this node signs with, for headquarters to enrol.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            print(try await withStore(store, create: true) { $0.audit.publicKey })
        }
    }

    struct Enrol: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enrol a border post at headquarters and pin its key.")

        @OptionGroup var store: StoreOptions

        @Option(help: "The post's node id: lower-case letters, digits and hyphens.")
        var id: String

        @Option(name: .customLong("bcp"), help: "A BCP the post serves (repeatable).")
        var bcps: [String] = []

        @Option(name: .customLong("public-key"), help: "The post's public key, as `limes node key` printed it there.")
        var publicKey: String

        func run() async throws {
            guard let key = AuditPublicKey(text: publicKey) else {
                throw CommandFailure("--public-key: not a public key (one line, ed25519: and the key in base64, from limes node key on the post)")
            }
            let node = try await withStore(store) { [id, bcps] in
                do {
                    return try await $0.nodes.enrol(id: id, bcps: bcps, publicKey: key, actor: commandLineActor)
                } catch let error as StoreError {
                    throw CommandFailure(
                        "\(error.field.map { "--\($0 == "publicKey" ? "public-key" : $0 == "bcps" ? "bcp" : $0): " } ?? "")\(error.message)"
                    )
                }
            }
            print("enrolled \(node.id) for \(node.bcps.joined(separator: ", ")), key \(node.publicKey.id)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the posts headquarters has enrolled and how far each has synchronised.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let nodes = try await withStore(store) { try await $0.nodes.list() }
            if nodes.isEmpty {
                print("no posts enrolled")
                return
            }
            print(["node", "bcps", "key", "applied", "last contact", "watchlist", "conflicts", "audit events", "state"].joined(separator: "\t"))
            for node in nodes {
                print(
                    [
                        node.id, node.bcps.joined(separator: ","), node.publicKey.id, String(node.appliedSeq),
                        node.lastContact?.description ?? "never", node.watchlistVersion.map(String.init) ?? "-", String(node.conflicts),
                        String(node.auditEvents), node.revokedAt != nil ? "revoked" : node.lastRefusal.map { "refused: " + $0 } ?? "enrolled",
                    ].joined(separator: "\t")
                )
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "On a post: its headquarters, what waits to be sent, and the last contact.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard let identity = try await withStore(store, { try await $0.outbox.identity() }) else {
                throw CommandFailure("this database is not a post's (it serves as headquarters)")
            }
            print("post \(identity.nodeID), headquarters \(identity.headquarters)")
            print("outbox: \(identity.lastSeq) written, \(identity.acknowledgedSeq) acknowledged, \(identity.waiting) waiting")
            print("reference data: \(identity.referenceVersion ?? "none yet"), watchlist \(identity.watchlistVersion.map(String.init) ?? "none yet")")
            print(
                "crossings recorded elsewhere: taken up to position \(identity.crossingsAfter), "
                    + "last at \(identity.crossingsPulledAt?.description ?? "never")"
            )
            print("last contact: \(identity.lastContact?.description ?? "never")")
            if let error = identity.lastError { print("last error: \(error)") }
        }
    }
}
