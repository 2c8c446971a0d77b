import Foundation
import LimesCore
import LimesStore
import Testing

@Suite("SQLite log folded in beside the writer")
struct WALCheckpointTests {
    @Test func committedPagesReachTheDatabaseFileWithoutTheWriterCopyingThem() async throws {
        let database = try await TestDatabase.make(.sqlite)
        guard case .sqlite(let path) = database.configuration.engine else { return }
        let store = try await database.open()
        func size(_ file: String) -> Int { ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int) ?? 0 }
        // Let the checkpoint thread fold in what opening wrote, then measure from there.
        try await Task.sleep(for: .milliseconds(600))
        let before = size(path)
        for n in 0..<300 {
            try await store.organisation.saveAgency(
                Agency(id: "agency-\(n)", name: String(repeating: "Border agency \(n) ", count: 20), kind: "border_police")
            )
        }
        // The writer leaves the log alone below its fallback of thousands of pages, so only
        // the checkpoint thread can have grown the database file.
        var grown = false
        for _ in 0..<30 where !grown {
            try await Task.sleep(for: .milliseconds(100))
            grown = size(path) > before + 100_000
        }
        #expect(grown, "the database file stayed at \(size(path)) bytes (was \(before)); the log is \(size(path + "-wal")) bytes")
        #expect(try await store.organisation.agencies().count >= 300)
        try await store.close()
        await database.drop()
    }
}
