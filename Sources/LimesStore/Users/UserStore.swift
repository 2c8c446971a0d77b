import Crypto
import Foundation
import LimesCore
import SQLKit

/// Users, their posts, sessions and login attempts. Owns `users`, `user_bcps`, `sessions` and
/// `login_attempts`.
public struct UserStore: StoreConcept {
    let store: Store
}

extension Store {
    public var users: UserStore { UserStore(store: self) }
}

extension UserStore {
    /// Adds a user, or updates one by username (`replacing`; the command line's `limes user
    /// add`). The password is hashed here and never stored or logged in clear.
    @discardableResult
    public func saveUser(
        _ user: User,
        password: String?,
        rounds: Int = PasswordHasher.defaultRounds,
        replacing: Bool = true,
        actor: String
    ) async throws -> User {
        guard user.username.range(of: "^[a-z0-9._-]{2,40}$", options: .regularExpression) != nil else {
            throw StoreError(
                "username: '\(user.username)' must be 2 to 40 lower-case letters, digits, dots, dashes or underscores",
                field: "username"
            )
        }
        if let problem = FreeText.nameProblem(user.displayName) { throw StoreError("displayName: \(problem)", field: "displayName") }
        guard !user.roles.isEmpty else { throw StoreError("roles: user \(user.username) needs at least one role", field: "roles") }
        if let password, let weakness = PasswordHasher.weakness(of: password) { throw StoreError("password: \(weakness)", field: "password") }
        let known = Set(try await store.organisation.bcps().map(\.code))
        for bcp in user.bcps.union(user.homeBCP.map { [$0] } ?? []) where !known.contains(bcp) {
            throw StoreError("bcps: '\(bcp)' is not a known BCP", field: user.bcps.contains(bcp) ? "bcps" : "homeBcp")
        }
        if let agency = user.agencyID, !(try await store.organisation.agencies().contains { $0.id == agency }) {
            throw StoreError("agency: '\(agency)' is not a known agency", field: "agencyId")
        }
        let hash: String? =
            if let password { try await PasswordWork.shared.run { try PasswordHasher.hash(password, rounds: rounds) } } else { nil }
        var user = user
        if let home = user.homeBCP { user.bcps.insert(home) }
        let saved = user
        try await transaction { db in
            try await self.refuseOnPost("users", on: db)
            let existing = try await db.select().columns("id", "password_hash").from("users").where("username", .equal, saved.username).first()
            if existing != nil && !replacing {
                throw StoreError("username: there is already a user \(saved.username)", code: .conflict, field: "username")
            }
            let id = try existing?.decode(column: "id", as: String.self) ?? saved.id
            let earlierHash = try existing?.decode(column: "password_hash", as: String.self)
            guard let storedHash = hash ?? earlierHash else {
                throw StoreError("password: a new user needs a password", field: "password")
            }
            try await db.insert(into: "users").columns(
                "id",
                "username",
                "display_name",
                "agency_id",
                "home_bcp",
                "roles",
                "password_hash",
                "language",
                "active",
                "created_at"
            ).values(
                id,
                saved.username,
                saved.displayName,
                saved.agencyID,
                saved.homeBCP,
                saved.roles.map(\.rawValue).sorted().joined(separator: ","),
                storedHash,
                saved.language,
                saved.active ? 1 : 0,
                Timestamp().description
            ).onConflict(with: ["id"]) { conflict in
                conflict.set(excludedValueOf: "display_name").set(excludedValueOf: "agency_id").set(excludedValueOf: "home_bcp")
                    .set(excludedValueOf: "roles").set(excludedValueOf: "password_hash").set(excludedValueOf: "language")
                    .set(excludedValueOf: "active")
            }.run()
            try await db.delete(from: "user_bcps").where("user_id", .equal, id).run()
            if !saved.bcps.isEmpty {
                var insert = db.insert(into: "user_bcps").columns("user_id", "bcp_code")
                for bcp in saved.bcps.sorted() { insert = insert.values(id, bcp) }
                try await insert.run()
            }
            if existing != nil {
                // Changed roles or password take effect now, not when old sessions lapse.
                try await db.delete(from: "sessions").where("user_id", .equal, id).run()
            }
            try await self.appendAudit(
                [
                    AuditEntry(
                        actor: actor,
                        action: existing == nil ? "create" : "update",
                        recordType: "user",
                        recordID: id,
                        purpose: "administration"
                    )
                ],
                on: db
            )
        }
        return try await self.user(username: saved.username) ?? saved
    }

    public func user(username: String) async throws -> User? {
        try await all(where: username).first
    }

    public func all(where username: String? = nil) async throws -> [User] {
        let (rows, assignments, mandates) = try await read { db in
            guard let username else {
                return (
                    try await db.select().columns("*").from("users").orderBy("username").all(),
                    try await db.select().columns("*").from("user_bcps").all(),
                    try await OrganisationStore.mandates(on: db)
                )
            }
            let rows = try await db.select().columns("*").from("users").where("username", .equal, username).all()
            guard let id = try rows.first?.decode(column: "id", as: String.self) else { return (rows, [], [:]) }
            return (
                rows, try await db.select().columns("*").from("user_bcps").where("user_id", .equal, id).all(),
                try await OrganisationStore.mandates(on: db)
            )
        }
        var bcps: [String: Set<String>] = [:]
        for row in assignments {
            bcps[try row.decode(column: "user_id", as: String.self), default: []].insert(try row.decode(column: "bcp_code", as: String.self))
        }
        return try rows.map { try UserStore.user(from: $0, bcps: bcps, mandates: mandates) }
    }

    static func user(from row: any SQLRow, bcps: [String: Set<String>], mandates: [String: Mandate]) throws -> User {
        let id = try row.decode(column: "id", as: String.self)
        let roles = try row.decode(column: "roles", as: String.self).split(separator: ",").map { name in
            guard let role = Role(rawValue: String(name)) else {
                throw StoreError("users row \(id): column roles holds '\(name)', which is not a known Role")
            }
            return role
        }
        let agency = try row.decode(column: "agency_id", as: String?.self)
        var mandate: Mandate?
        if let agency {
            guard let found = mandates[agency] else {
                throw StoreError("users row \(id): column agency_id holds '\(agency)', which is not an agency")
            }
            mandate = found
        }
        return User(
            id: id,
            username: try row.decode(column: "username", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self),
            agencyID: agency,
            homeBCP: try row.decode(column: "home_bcp", as: String?.self),
            roles: Set(roles),
            bcps: bcps[id] ?? [],
            language: try row.decode(column: "language", as: String.self),
            active: try row.decode(column: "active", as: Int.self) != 0,
            mandate: mandate
        )
    }

    /// Checks a password and opens a session. Nil for a wrong username or password alike, so
    /// that the answer does not tell which usernames exist.
    public func login(username: String, password: String, kind: Session.Kind, lifetime: Int64, label: String?) async throws -> (
        token: String, session: Session
    )? {
        let row = try await read { db in
            try await db.select().columns("id", "password_hash", "active").from("users").where("username", .equal, username).first()
        }
        guard let row else {
            // Spend the same time as a real check, so timing does not reveal the username.
            _ = try await PasswordWork.shared.run { PasswordHasher.verify(password, against: UserStore.decoyHash) }
            return nil
        }
        let id = try row.decode(column: "id", as: String.self)
        let stored = try row.decode(column: "password_hash", as: String.self)
        guard try await PasswordWork.shared.run({ PasswordHasher.verify(password, against: stored) }),
            try row.decode(column: "active", as: Int.self) != 0,
            let user = try await user(username: username)
        else { return nil }
        let token = UserStore.newToken()
        let now = Timestamp()
        let expires = now.adding(seconds: lifetime)
        try await transaction { db in
            try await db.insert(into: "sessions").columns("token_hash", "user_id", "kind", "label", "created_at", "last_used_at", "expires_at")
                .values(UserStore.tokenHash(token), id, kind.rawValue, label, now.description, now.description, expires.description).run()
            try await self.appendAudit(
                [AuditEntry(actor: id, action: "login", recordType: "session", recordID: kind.rawValue, purpose: "authentication")],
                at: now,
                on: db
            )
        }
        return (token, Session(user: user, kind: kind, expiresAt: expires))
    }

    /// The session a token opens, if it is still valid; a web session's lapse moves on with use.
    public func session(token: String, webIdleSeconds: Int64) async throws -> Session? {
        let hash = UserStore.tokenHash(token)
        let row = try await read { db in
            try await db.select().columns("user_id", "kind", "expires_at").from("sessions").where("token_hash", .equal, hash).first()
        }
        guard let row else { return nil }
        let kind = try row.value("kind", as: Session.Kind.self, of: "sessions")
        let expires = try row.time("expires_at", of: "sessions")
        let now = Timestamp()
        guard expires > now else { return nil }
        let userID = try row.decode(column: "user_id", as: String.self)
        let (userRow, assignments, mandates) = try await read { db in
            (
                try await db.select().columns("*").from("users").where("id", .equal, userID).first(),
                try await db.select().columns("*").from("user_bcps").where("user_id", .equal, userID).all(),
                try await OrganisationStore.mandates(on: db)
            )
        }
        guard let userRow else { return nil }
        let bcps = Set(try assignments.map { try $0.decode(column: "bcp_code", as: String.self) })
        let user = try UserStore.user(from: userRow, bcps: [userID: bcps], mandates: mandates)
        guard user.active else { return nil }
        let newExpiry = kind == .web ? now.adding(seconds: webIdleSeconds) : expires
        if kind == .web {
            try await write { db in
                try await db.update("sessions").set("last_used_at", to: now.description).set("expires_at", to: newExpiry.description)
                    .where("token_hash", .equal, hash).run()
            }
        }
        return Session(user: user, kind: kind, expiresAt: newExpiry)
    }

    /// The console's language for this user, kept for the next login.
    public func setLanguage(userID: String, language: String) async throws {
        try await write { db in
            try await db.update("users").set("language", to: language).where("id", .equal, userID).run()
        }
    }

    public func logout(token: String) async throws {
        let hash = UserStore.tokenHash(token)
        try await write { db in try await db.delete(from: "sessions").where("token_hash", .equal, hash).run() }
    }

    static func newToken() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func tokenHash(_ token: String) -> String {
        Digest.sha256(token)
    }

    /// A hash of no one's password, checked when the username is unknown.
    static let decoyHash = (try? PasswordHasher.hash("decoy password no one has", rounds: PasswordHasher.defaultRounds)) ?? ""
}
