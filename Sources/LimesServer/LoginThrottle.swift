import LimesCore
import LimesStore
import Logging

/// Slows password guessing: after a few failed logins, an account (from anywhere) or an
/// address (for any account) is refused for a while, even with the right password. The
/// attempts are kept in the store (`Store.beginLogin`): a restart forgets nothing, and
/// concurrent guesses are counted exactly. Failures and pauses go to the log and the audit
/// trail, so that an administrator sees an attack.
public struct LoginThrottle: Sendable {
    public typealias Limits = LoginLimits

    enum Outcome<T: Sendable>: Sendable {
        case wait(seconds: Int64)
        case failed
        case succeeded(T)
    }

    let limits: Limits
    let store: Store
    let logger: Logger

    init(limits: Limits, store: Store, logger: Logger = Logger(label: "limes.security")) {
        self.limits = limits
        self.store = store
        self.logger = logger
    }

    /// Runs `attempt` (the password check, nil when it fails) unless the account or the address
    /// must wait first.
    func login<T: Sendable>(username: String, address: String, _ attempt: () async throws -> T?) async throws -> Outcome<T> {
        switch try await store.users.beginLogin(username: username, address: address, limits: limits) {
        case .wait(let seconds):
            ServerMetrics.loginsThrottled.increment()
            logger.warning("login refused: too many failures", metadata: ["username": "\(username)", "address": "\(address)", "wait": "\(seconds)"])
            return .wait(seconds: seconds)
        case .allowed(let id):
            let result: T?
            do {
                result = try await attempt()
            } catch {
                try? await store.users.abandonLogin(id)
                throw error
            }
            try await store.users.endLogin(id, username: username, address: address, succeeded: result != nil)
            guard let result else {
                ServerMetrics.loginFailures.increment()
                logger.notice("login failed", metadata: ["username": "\(username)", "address": "\(address)"])
                return .failed
            }
            return .succeeded(result)
        }
    }
}
