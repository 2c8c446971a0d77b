import SQLKit
import Synchronization

/// Writes the transactions that wait for SQLite's writer together: each in a savepoint of one
/// transaction, committed once.
///
/// Why: a commit writes every page the transaction touched to the log. Booths' transactions
/// touch the same pages (the audit chain's head, the last pages of the crossings, checks and
/// audit tables and their time indexes), so a commit for several writes those pages once
/// instead of once each, and the writer is free sooner.
///
/// What each caller sees is unchanged: its body runs alone, after the bodies queued before it,
/// and sees what they wrote. If its body throws, its savepoint is rolled back, the others'
/// work stands, and it gets its error. It gets its result only once the commit is written; if
/// the commit fails, every transaction of the group gets that error and none of them is
/// stored.
final class GroupCommit: Sendable {
    private struct Job: Sendable {
        /// Runs the body; says whether it succeeded.
        let run: @Sendable (any SQLDatabase) async -> Bool
        /// Hands the caller its result, or the commit's error.
        let finish: @Sendable ((any Error)?) -> Void
    }

    private struct Queue: ~Copyable {
        var jobs: [Job] = []
        var draining = false
    }

    /// A group is bounded so that the first of a long queue does not wait for all the others.
    static let largestGroup = 16

    private let connection: DirectSQLiteConnection
    private let gate: SerialGate
    private let queue = Mutex(Queue())
    private let transactions = Atomic<Int>(0)
    private let commits = Atomic<Int>(0)

    /// Transactions written, and the commits that wrote them.
    var figures: (transactions: Int, commits: Int) { (transactions.load(ordering: .relaxed), commits.load(ordering: .relaxed)) }

    init(connection: DirectSQLiteConnection, gate: SerialGate) {
        self.connection = connection
        self.gate = gate
    }

    func run<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let outcome = Mutex<Result<T, any Error>?>(nil)
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                run: { db in
                    do {
                        let value = try await body(db)
                        outcome.withLock { $0 = .success(value) }
                        return true
                    } catch {
                        outcome.withLock { $0 = .failure(error) }
                        return false
                    }
                },
                finish: { commitError in
                    if let commitError {
                        continuation.resume(throwing: commitError)
                    } else {
                        continuation.resume(with: outcome.withLock { $0! })
                    }
                }
            )
            let startDraining = queue.withLock { queue -> Bool in
                queue.jobs.append(job)
                if queue.draining { return false }
                queue.draining = true
                return true
            }
            if startDraining { Task { await self.drain() } }
        }
    }

    /// Writes groups until no one waits.
    private func drain() async {
        await gate.enter()
        defer { gate.leave() }
        while true {
            let group = queue.withLock { queue -> [Job] in
                guard !queue.jobs.isEmpty else {
                    queue.draining = false
                    return []
                }
                let count = min(queue.jobs.count, Self.largestGroup)
                let group = Array(queue.jobs.prefix(count))
                queue.jobs.removeFirst(count)
                return group
            }
            if group.isEmpty { return }
            let failure = await write(group)
            for job in group { job.finish(failure) }
        }
    }

    /// One transaction for the group; the error that undid all of it, if any.
    private func write(_ group: [Job]) async -> (any Error)? {
        let db = connection.sql()
        do {
            try await db.raw("BEGIN IMMEDIATE").run()
        } catch {
            return error
        }
        do {
            for job in group {
                try await db.raw("SAVEPOINT booth").run()
                if !(await job.run(db)) {
                    try await db.raw("ROLLBACK TO booth").run()
                }
                try await db.raw("RELEASE booth").run()
            }
            try await db.raw("COMMIT").run()
            transactions.add(group.count, ordering: .relaxed)
            commits.add(1, ordering: .relaxed)
            StoreMetrics.sqliteTransactions.increment(by: group.count)
            StoreMetrics.groupCommitSize.record(group.count)
            return nil
        } catch {
            // Some errors (a full disk, say) end the transaction by themselves; then there is
            // nothing left to roll back.
            try? await db.raw("ROLLBACK").run()
            StoreMetrics.sqliteRollbacks.increment(by: group.count)
            return error
        }
    }
}
