import Dispatch
import Foundation
import Logging
import Synchronization

/// Copies committed pages from the write-ahead log into the database file on a thread of its
/// own. Left to SQLite, the writer does it every thousand pages, inside a booth's
/// transaction: every booth then waits while pages are copied and the disk is synced. A
/// passive checkpoint waits for no reader and no writer, so the writer goes on meanwhile.
final class WALCheckpointer: Sendable {
    /// How often the log is folded in: at a busy post, a few hundred pages each time.
    static let interval = 0.2
    /// Where the writer still does it itself, should this thread fall behind: about 40 MB.
    static let writerFallbackPages = 10_000

    private let stop = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private let running = Atomic<Bool>(true)

    init(path: String, logger: Logger) throws {
        let connection = try DirectSQLiteConnection(path: path, logger: logger)
        let stop = self.stop, done = self.done
        let thread = Thread {
            defer {
                connection.close()
                done.signal()
            }
            while stop.wait(timeout: .now() + Self.interval) == .timedOut {
                do {
                    try connection.run("PRAGMA wal_checkpoint(PASSIVE)", []) { _ in }
                } catch {
                    // Busy or locked: the next round, or the writer's fallback, does it.
                    logger.debug("WAL checkpoint skipped", metadata: ["error": "\(error)"])
                }
            }
        }
        thread.name = "limes-wal-checkpoint"
        thread.start()
    }

    /// Stops the thread and waits for it; safe to call more than once.
    func shutdown() {
        guard running.exchange(false, ordering: .acquiringAndReleasing) else { return }
        stop.signal()
        done.wait()
    }

    deinit { shutdown() }
}
