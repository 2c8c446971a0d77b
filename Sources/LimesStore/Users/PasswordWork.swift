import LimesCore
import NIOCore
import NIOPosix
import Synchronization

/// Password hashing is slow on purpose (PBKDF2, 600,000 rounds: about a fifth of a second of
/// one core). On Swift's cooperative threads, a handful of logins at once held every thread, and
/// every other user's request waited behind them (13 failed logins pushed a request to almost a
/// second). It runs here instead: on threads of its own, at most `slots` at once, so that one
/// core is always left to the rest of the server, and at most `maxWaiting` in line; beyond that
/// a login is refused at once as busy rather than queued without end.
final class PasswordWork: Sendable {
    static let shared = PasswordWork(slots: max(1, System.coreCount - 1), maxWaiting: 64)

    let slots: Int
    let maxWaiting: Int
    private let pool: NIOThreadPool
    private let inLine = Atomic<Int>(0)
    private let running = Atomic<Int>(0)
    /// The most hashes that ever ran at once: tests read it.
    let peak = Atomic<Int>(0)

    init(slots: Int, maxWaiting: Int) {
        self.slots = slots
        self.maxWaiting = maxWaiting
        pool = NIOThreadPool(numberOfThreads: slots)
        pool.start()
    }

    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let before = inLine.wrappingAdd(1, ordering: .relaxed).oldValue
        defer { inLine.wrappingSubtract(1, ordering: .relaxed) }
        guard before < slots + maxWaiting else {
            throw StoreError("too many logins at once: try again in a moment", code: .busy)
        }
        return try await pool.runIfActive { [self] in
            let now = self.running.wrappingAdd(1, ordering: .relaxed).newValue
            defer { self.running.wrappingSubtract(1, ordering: .relaxed) }
            var seen = self.peak.load(ordering: .relaxed)
            while now > seen {
                let (exchanged, original) = self.peak.compareExchange(expected: seen, desired: now, ordering: .relaxed)
                if exchanged { break }
                seen = original
            }
            return try body()
        }
    }
}
