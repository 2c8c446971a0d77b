import Foundation
import Logging
import SQLKit
import SQLiteKit
import SQLiteNIO
import Testing

@testable import LimesStore

/// The SQLite connection converts common values itself rather than through SQLiteKit's
/// coders; what it stores and reads back must be what SQLiteKit would have.
@Suite("SQLite values converted as SQLiteKit converts them")
struct DirectSQLiteCodingTests {
    struct Listed: Codable, Equatable, Sendable {
        var name: String
        var year: Int
    }

    @Test func bindsAreWhatSQLiteKitWouldSend() throws {
        let values: [any Encodable & Sendable] = [
            "BORDER", "", "Ζαχαρόπουλος", 0, -7, Int.max, 2.5, -0.0, true, false,
            String?.some("OPTIONAL"), String?.none, Int?.some(3), Int?.none, Double?.some(1.25), Bool?.some(true),
            Int64(42), Date(timeIntervalSince1970: 1_700_000_000),
        ]
        let sqliteKit = SQLiteDataEncoder()
        for value in values {
            #expect(try DirectSQLDatabase.sqliteData(value) == sqliteKit.encode(value), "\(value)")
        }
        // Other types go as JSON text (JSONEncoder's key order is its own, so compared parsed).
        let listed = Listed(name: "A", year: 1990)
        guard case .text(let json) = try DirectSQLDatabase.sqliteData(listed) else {
            Issue.record("a struct is not sent as JSON text")
            return
        }
        #expect(try JSONDecoder().decode(Listed.self, from: Data(json.utf8)) == listed)
    }

    @Test func columnsAreWhatSQLiteKitWouldRead() throws {
        let data: [SQLiteData] = [.text("TEXT"), .text("12"), .text(""), .integer(12), .integer(0), .float(2.5), .null]
        let row = DirectSQLiteRow(columns: data.indices.map { "c\($0)" }, values: data)
        let sqliteKit = SQLiteDataDecoder()
        func same<T: Decodable & Equatable>(_ type: T.Type) {
            for (index, value) in data.enumerated() {
                let ours = Result { try row.decode(column: "c\(index)", as: T.self) }
                let theirs = Result { try sqliteKit.decode(T.self, from: value) }
                switch (ours, theirs) {
                case (.success(let a), .success(let b)): #expect(a == b, "\(T.self) from \(value)")
                case (.failure, .failure): break
                default: Issue.record("\(T.self) from \(value): ours \(ours), SQLiteKit's \(theirs)")
                }
            }
        }
        same(String.self)
        same(String?.self)
        same(Int.self)
        same(Int?.self)
        same(Double.self)
        same(Bool.self)
        #expect(throws: (any Error).self) { try row.decode(column: "missing", as: String.self) }
    }

    @Test func aStoredRowReadsBackTheSame() async throws {
        let database = try await TestDatabase.make(.sqlite)
        let store = try await database.open()
        try await store.write { db in
            try await db.raw("CREATE TABLE coding_test (id INTEGER PRIMARY KEY, name TEXT, note TEXT, n INTEGER, x REAL, flag INTEGER)").run()
            try await db.insert(into: "coding_test").columns("id", "name", "note", "n", "x", "flag")
                .values(SQLBind(1), SQLBind("ÉLODIE"), SQLBind(String?.none), SQLBind(-3), SQLBind(0.5), SQLBind(true)).run()
        }
        let row = try #require(try await store.read { db in try await db.raw("SELECT * FROM coding_test").first() })
        #expect(try row.decode(column: "name", as: String.self) == "ÉLODIE")
        #expect(try row.decode(column: "note", as: String?.self) == nil)
        #expect(try row.decode(column: "n", as: Int.self) == -3)
        #expect(try row.decode(column: "x", as: Double.self) == 0.5)
        #expect(try row.decode(column: "flag", as: Bool.self) == true)
        try await store.close()
        await database.drop()
    }
}

@Suite("SQLite statements kept for reuse")
struct DirectSQLiteStatementTests {
    func connection() throws -> DirectSQLiteConnection {
        let connection = try DirectSQLiteConnection(path: ":memory:", logger: Logger(label: "test"))
        try connection.run("CREATE TABLE flags (traveller_id TEXT, status TEXT, opened_at TEXT)", []) { _ in }
        try connection.run("CREATE INDEX flags_traveller ON flags (traveller_id, status)", []) { _ in }
        for (traveller, status, at) in [("T1", "open", "2026-11-01"), ("T1", "closed", "2026-10-01"), ("T2", "closed", "2026-11-02")] {
            try connection.run("INSERT INTO flags VALUES (?1, ?2, ?3)", [.text(traveller), .text(status), .text(at)]) { _ in }
        }
        return connection
    }

    /// With an ORDER BY, SQLite's planner looks at the value bound to `column = ?` (in case it
    /// is 0 or 1), and clearing the bindings after each run then made every run compile the
    /// statement again.
    @Test func aStatementRunAgainWithOtherValuesIsNotCompiledAgain() throws {
        let connection = try connection()
        let sql = "SELECT status FROM flags WHERE traveller_id = ?1 ORDER BY opened_at DESC LIMIT 1"
        var latest: [String] = []
        for traveller in ["T1", "T2", "T3", "T1"] {
            try connection.run(sql, [.text(traveller)]) { row in latest.append(try row.decode(column: "status", as: String.self)) }
        }
        #expect(latest == ["open", "closed", "open"])
        #expect(connection.reprepares(of: sql) == 0)
    }

    @Test func tooFewValuesAreRefusedBeforeTheStatementRuns() throws {
        let connection = try connection()
        #expect {
            try connection.run("INSERT INTO flags VALUES (?1, ?2, ?3)", [.text("T4")]) { _ in }
        } throws: { error in
            "\(error)".contains("1 values for the 3 parameters")
        }
        var rows = 0
        try connection.run("SELECT * FROM flags WHERE traveller_id = ?1", [.text("T4")]) { _ in rows += 1 }
        #expect(rows == 0)
    }
}
