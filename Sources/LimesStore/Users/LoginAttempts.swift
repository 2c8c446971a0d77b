import Foundation
import LimesCore
import SQLKit

/// How many failed logins are allowed before a pause: per account (from anywhere) and per
/// address (for any account; a booth hall may share one).
public struct LoginLimits: Sendable, Hashable {
    public var perAccount: Int
    public var perAddress: Int
    public var windowSeconds: Int64

    public init(perAccount: Int = 5, perAddress: Int = 20, windowSeconds: Int64 = 15 * 60) {
        self.perAccount = perAccount
        self.perAddress = perAddress
        self.windowSeconds = windowSeconds
    }
}

/// A login that may go ahead (its attempt is already counted), or the seconds to wait.
public enum LoginAttempt: Sendable, Hashable {
    case allowed(id: String)
    case wait(seconds: Int64)
}

/// Slows password guessing. Every attempt is written before the password is checked, in a
/// transaction that counts the attempts before it, so concurrent guesses are counted exactly
/// (the sixth of six at once is refused) and a restart forgets nothing. A successful login
/// removes its own attempt and the account's failures; a failed one stays as a failure.
extension UserStore {
    public func beginLogin(username: String, address: String, limits: LoginLimits, now: Timestamp = Timestamp()) async throws -> LoginAttempt {
        let account = username.lowercased()
        let since = now.adding(seconds: -limits.windowSeconds).description
        let id = Store.newID(now: now)
        return try await transaction { db in
            // PostgreSQL: one reservation at a time, so that two cannot both count four.
            if self.engine == .postgres { try await db.raw("LOCK TABLE login_attempts IN SHARE ROW EXCLUSIVE MODE").run() }
            try await db.raw("DELETE FROM login_attempts WHERE at < \(bind: since)").run()
            func oldest(_ column: String, _ value: String, limit: Int) async throws -> Timestamp? {
                let rows = try await db.raw(
                    """
                    SELECT at FROM login_attempts WHERE \(unsafeRaw: column) = \(bind: value) AND kind = 'attempt' AND at >= \(bind: since)
                    ORDER BY at LIMIT \(bind: limit)
                    """
                ).all()
                guard rows.count >= limit, let first = rows.first else { return nil }
                let text = try first.decode(column: "at", as: String.self)
                guard let at = Timestamp(iso: text) else { throw StoreError("login_attempts: column at holds '\(text)', not a time") }
                return at
            }
            var until: Timestamp?
            if let first = try await oldest("account", account, limit: limits.perAccount) { until = first.adding(seconds: limits.windowSeconds) }
            if let first = try await oldest("address", address, limit: limits.perAddress) {
                let other = first.adding(seconds: limits.windowSeconds)
                until = until.map { max($0, other) } ?? other
            }
            if let until {
                // One trail event per account and address while the pause lasts, not one per refusal:
                // a client that keeps knocking cannot grow the audit chain without end.
                let noted = try await db.raw(
                    """
                    SELECT id FROM login_attempts WHERE kind = 'refused' AND account = \(bind: account) AND address = \(bind: address)
                        AND at >= \(bind: since) LIMIT 1
                    """
                ).first()
                if noted == nil {
                    try await db.raw(
                        """
                        INSERT INTO login_attempts (id, account, address, at, kind)
                        VALUES (\(bind: id), \(bind: account), \(bind: address), \(bind: now.description), 'refused')
                        """
                    ).run()
                    try await self.appendAudit(
                        [
                            AuditEntry(
                                actor: "anonymous",
                                action: "login_throttled",
                                recordType: "login",
                                recordID: username,
                                purpose: "authentication from \(address)"
                            )
                        ],
                        at: now,
                        on: db
                    )
                }
                return .wait(seconds: max(1, (until.milliseconds - now.milliseconds + 999) / 1000))
            }
            try await db.raw(
                """
                INSERT INTO login_attempts (id, account, address, at, kind)
                VALUES (\(bind: id), \(bind: account), \(bind: address), \(bind: now.description), 'attempt')
                """
            ).run()
            return .allowed(id: id)
        }
    }

    /// Ends an attempt: a success clears the account's failures; a failure stays counted and is
    /// written to the audit trail (the username as typed, never the password).
    public func endLogin(_ id: String, username: String, address: String, succeeded: Bool, now: Timestamp = Timestamp()) async throws {
        try await transaction { db in
            if succeeded {
                try await db.raw(
                    "DELETE FROM login_attempts WHERE id = \(bind: id) OR (account = \(bind: username.lowercased()) AND kind = 'attempt')"
                )
                .run()
            } else {
                try await self.appendAudit(
                    [
                        AuditEntry(
                            actor: "anonymous",
                            action: "login_failed",
                            recordType: "login",
                            recordID: username,
                            purpose: "authentication from \(address)"
                        )
                    ],
                    at: now,
                    on: db
                )
            }
        }
    }
}

extension UserStore {
    /// Forgets an attempt that never reached the password check (the server was busy).
    public func abandonLogin(_ id: String) async throws {
        try await write { db in try await db.raw("DELETE FROM login_attempts WHERE id = \(bind: id)").run() }
    }
}
