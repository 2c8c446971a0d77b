import Foundation
import LimesCore
import LimesStore
import Testing

@Suite("Login attempts")
struct LoginAttemptTests {
    @Test(arguments: TestEngine.available) func concurrentAttemptsAreCountedExactly(engine: TestEngine) async throws {
        try await Post.with(engine) { post in
            let limits = LoginLimits(perAccount: 5, perAddress: 100, windowSeconds: 600)
            let outcomes = try await withThrowingTaskGroup(of: LoginAttempt.self) { group in
                for _ in 0..<12 {
                    group.addTask { try await post.store.users.beginLogin(username: "Officer", address: "10.0.0.7", limits: limits) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let allowed = outcomes.compactMap { if case .allowed(let id) = $0 { id } else { nil } }
            #expect(allowed.count == 5, "\(outcomes)")
            for id in allowed { try await post.store.users.endLogin(id, username: "Officer", address: "10.0.0.7", succeeded: false) }
            // Another address, the same account: still paused (per account, from anywhere).
            guard case .wait(let seconds) = try await post.store.users.beginLogin(username: "officer", address: "10.0.0.8", limits: limits) else {
                Issue.record("the account was not paused")
                return
            }
            #expect((1...600).contains(seconds))
            // Once the window has passed, the account may try again.
            let later = Timestamp().adding(seconds: 601)
            guard case .allowed(let id) = try await post.store.users.beginLogin(username: "officer", address: "10.0.0.8", limits: limits, now: later)
            else {
                Issue.record("the pause did not end with its window")
                return
            }
            try await post.store.users.endLogin(id, username: "officer", address: "10.0.0.8", succeeded: true)
            #expect(try await post.store.audit.verify().isIntact)
        }
    }
}
