import ArgumentParser
import Foundation
import LimesCore
import LimesStore

/// `limes user`: accounts, from the command line (the first administrator has no console yet).
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add, change and list users.",
        subcommands: [Add.self, List.self, Deactivate.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user, or change one with the same username.",
            discussion: """
                The password is read from the first line of standard input, so that it never shows \
                in the shell's history or the process list: echo "$PASSWORD" | limes user add ... \
                Changing a user ends their open sessions.
                """
        )

        @OptionGroup var store: StoreOptions

        @Argument(help: "Username: lower-case letters, digits, dots, dashes, underscores.")
        var username: String

        @Option(help: "The name shown in records.")
        var name: String

        @Option(help: "A role (repeat for several): \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
        var role: [String]

        @Option(help: "A BCP where the user works (repeat for several).")
        var bcp: [String] = []

        @Option(help: "The user's home BCP.")
        var homeBcp: String?

        @Option(help: "The user's agency id.")
        var agency: String?

        @Option(help: "Console language: en, fr, ar or ru.")
        var language = "en"

        @Flag(help: "Keep the current password of an existing user (read none).")
        var keepPassword = false

        func run() async throws {
            var roles: Set<Role> = []
            for text in role {
                guard let parsed = Role(rawValue: text) else {
                    throw ValidationError("--role '\(text)' is not one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                roles.insert(parsed)
            }
            guard ["en", "fr", "ar", "ru"].contains(language) else { throw ValidationError("--language '\(language)' is not en, fr, ar or ru") }
            var password: String?
            if !keepPassword {
                guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                    throw CommandFailure("password: give it on the first line of standard input")
                }
                password = line
            }
            let user = User(
                id: UUID().uuidString.lowercased(),
                username: username,
                displayName: name,
                agencyID: agency,
                homeBCP: homeBcp,
                roles: roles,
                bcps: Set(bcp)
            )
            // The first administrator may be made before the server ever ran.
            let saved = try await withStore(store, create: true) { store in
                do {
                    return try await store.users.saveUser(
                        User(
                            id: user.id,
                            username: user.username,
                            displayName: user.displayName,
                            agencyID: user.agencyID,
                            homeBCP: user.homeBCP,
                            roles: user.roles,
                            bcps: user.bcps,
                            language: language
                        ),
                        password: password,
                        actor: commandLineActor
                    )
                } catch let error as StoreError {
                    throw CommandFailure(error.message)
                }
            }
            print(
                "saved \(saved.username): \(saved.roles.map(\.rawValue).sorted().joined(separator: ", ")); BCPs: \(saved.bcps.sorted().joined(separator: ", "))"
            )
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users with their roles and BCPs.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            for user in try await withStore(store, { try await $0.users.all() }) {
                let roles = user.roles.map(\.rawValue).sorted().joined(separator: ",")
                print(
                    "\(user.username)\t\(user.displayName)\t\(roles)\t\(user.bcps.sorted().joined(separator: ","))\(user.active ? "" : "\tinactive")"
                )
            }
        }
    }

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a user: no more logins, and their sessions end (at posts when they next take headquarters' data)."
        )

        @OptionGroup var store: StoreOptions

        @Argument(help: "The username.")
        var username: String

        func run() async throws {
            try await withStore(store) { [username] store in
                guard var user = try await store.users.user(username: username) else { throw CommandFailure("no user \(username)") }
                user.active = false
                _ = try await store.users.saveUser(user, password: nil, replacing: true, actor: commandLineActor)
            }
            print("deactivated \(username)")
        }
    }
}
