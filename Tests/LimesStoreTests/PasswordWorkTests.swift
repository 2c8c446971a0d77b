import Foundation
import LimesCore
import Synchronization
import Testing

@testable import LimesStore

@Suite("Password hashing kept off the shared threads")
struct PasswordWorkTests {
    @Test func loginsHashOnTheirOwnThreadsAtMostSlotsAtOnce() async throws {
        let work = PasswordWork(slots: 1, maxWaiting: 64)
        let stored = try PasswordHasher.hash("correct horse battery", rounds: 20_000)
        let results = try await withThrowingTaskGroup(of: (Bool, String?).self) { group in
            for n in 0..<8 {
                group.addTask {
                    try await work.run {
                        (PasswordHasher.verify(n == 0 ? "correct horse battery" : "wrong \(n)", against: stored), Thread.current.name)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter(\.0).count == 1)
        #expect(work.peak.load(ordering: .relaxed) == 1, "never more than one hash at once with one slot")
        #expect(results.allSatisfy { $0.1?.hasPrefix("TP-") == true }, "on the pool's threads: \(results.map(\.1))")
    }

    @Test func aFullLineIsRefusedAsBusy() async throws {
        let work = PasswordWork(slots: 1, maxWaiting: 0)
        let started = Atomic<Bool>(false)
        let release = DispatchSemaphore(value: 0)
        let first = Task {
            try await work.run {
                started.store(true, ordering: .relaxed); release.wait()
            }
        }
        // Waits without holding a shared thread: the pool's thread holds the slot.
        while !started.load(ordering: .relaxed) { try await Task.sleep(for: .milliseconds(5)) }
        await #expect {
            try await work.run {}
        } throws: { error in
            (error as? StoreError)?.code == .busy
        }
        release.signal()
        try await first.value
        try await work.run {}
    }
}
