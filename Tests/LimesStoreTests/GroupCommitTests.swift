import Foundation
import SQLKit
import Testing

@testable import LimesStore

@Suite("Transactions committed together")
struct GroupCommitTests {
    struct Refused: Error {}

    @Test(arguments: TestEngine.available) func eachTransactionIsAllOrNothingAndAnsweredOnlyOnceStored(engine: TestEngine) async throws {
        let database = try await TestDatabase.make(engine)
        let store = try await database.open()
        try await store.write { db in try await db.raw("CREATE TABLE group_test (n INTEGER PRIMARY KEY, note TEXT NOT NULL)").run() }
        try await store.write { db in try await db.raw("INSERT INTO group_test (n, note) VALUES (5000, 'taken')").run() }

        // One transaction holds the writer while the others queue behind it.
        async let holder: Int = store.transaction { db in
            try await db.raw("INSERT INTO group_test (n, note) VALUES (-1, 'holder')").run()
            try await Task.sleep(for: .milliseconds(400))
            return -1
        }
        try await Task.sleep(for: .milliseconds(50))
        let outcomes = await withTaskGroup(of: (Int, Bool, Int).self) { group in
            for n in 0..<63 {
                group.addTask {
                    do {
                        let answer = try await store.transaction { db in
                            try await db.raw("INSERT INTO group_test (n, note) VALUES (\(bind: n), 'first')").run()
                            try await db.raw("INSERT INTO group_test (n, note) VALUES (\(bind: n + 1000), 'second')").run()
                            // Every seventh fails after writing, by its own choice or on a constraint.
                            if n % 7 == 0 { throw Refused() }
                            if n % 7 == 3 { try await db.raw("INSERT INTO group_test (n, note) VALUES (5000, 'duplicate')").run() }
                            return n
                        }
                        // Answered: a reader sees it at once.
                        let seen = try await store.read { db in
                            try await db.raw("SELECT count(*) AS c FROM group_test WHERE n = \(bind: n) OR n = \(bind: n + 1000)").first()?
                                .decode(column: "c", as: Int.self) ?? 0
                        }
                        return (n, answer == n, seen)
                    } catch {
                        return (n, false, -1)
                    }
                }
            }
            var outcomes: [(Int, Bool, Int)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        #expect(try await holder == -1)

        let succeeded = Set(outcomes.filter(\.1).map(\.0))
        #expect(succeeded == Set((0..<63).filter { $0 % 7 != 0 && $0 % 7 != 3 }))
        #expect(outcomes.filter(\.1).allSatisfy { $0.2 == 2 })
        let stored = try await store.read { db in
            try await db.raw("SELECT n FROM group_test").all().map { try $0.decode(column: "n", as: Int.self) }
        }
        let expected = Set(succeeded.flatMap { [$0, $0 + 1000] } + [-1, 5000])
        #expect(Set(stored) == expected && stored.count == expected.count)

        if let figures = store.commitFigures {
            // The 63 waited behind the holder: they went in groups, not one commit each.
            #expect(figures.transactions >= 64)
            #expect(figures.commits <= figures.transactions - 40, "\(figures.transactions) transactions in \(figures.commits) commits")
        }
        try await store.close()
        await database.drop()
    }
}
