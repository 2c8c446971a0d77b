import LimesCore
import Synchronization

/// Slows password guessing: after a few failed logins, an account (from anywhere) or an
/// address (for any account) is refused for a while, even with the right password. Kept in
/// memory: a restart forgets, which costs an attacker a restart per few guesses.
public final class LoginThrottle: Sendable {
    public struct Limits: Sendable {
        /// Failures allowed per account within `windowSeconds`.
        public var perAccount: Int = 5
        /// Failures allowed per address within `windowSeconds`: a booth hall may share one.
        public var perAddress: Int = 20
        public var windowSeconds: Int64 = 15 * 60

        public init(perAccount: Int = 5, perAddress: Int = 20, windowSeconds: Int64 = 15 * 60) {
            self.perAccount = perAccount
            self.perAddress = perAddress
            self.windowSeconds = windowSeconds
        }
    }

    let limits: Limits
    private let failures = Mutex<[String: [Timestamp]]>([:])

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Seconds until a login may be tried again, or nil if it may be tried now.
    func wait(account: String, address: String, now: Timestamp = Timestamp()) -> Int64? {
        failures.withLock { table in
            let account = recent(table["account:" + account.lowercased()], now: now)
            let address = recent(table["address:" + address], now: now)
            var until: Timestamp?
            if account.count >= limits.perAccount, let first = account.first { until = first.adding(seconds: limits.windowSeconds) }
            if address.count >= limits.perAddress, let first = address.first {
                let other = first.adding(seconds: limits.windowSeconds)
                until = until.map { max($0, other) } ?? other
            }
            guard let until else { return nil }
            return max(1, (until.milliseconds - now.milliseconds + 999) / 1000)
        }
    }

    func failed(account: String, address: String, now: Timestamp = Timestamp()) {
        failures.withLock { table in
            // Bounded memory under a flood of made-up usernames: forget the oldest news.
            if table.count > 100_000 { table.removeAll() }
            for key in ["account:" + account.lowercased(), "address:" + address] {
                table[key] = recent(table[key], now: now) + [now]
            }
        }
    }

    func succeeded(account: String) {
        _ = failures.withLock { $0.removeValue(forKey: "account:" + account.lowercased()) }
    }

    private func recent(_ times: [Timestamp]?, now: Timestamp) -> [Timestamp] {
        let since = now.adding(seconds: -limits.windowSeconds)
        return (times ?? []).filter { $0 > since }
    }
}
