import SQLKit

/// The schema, as numbered steps. A database is brought forward step by step at start, and a
/// database made by a newer Limes is refused rather than misread.
enum Migrations {
    static let steps: [(version: Int, statements: [String])] = [
        (
            1,
            [
                """
                CREATE TABLE alerts (
                    id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
                    list TEXT NOT NULL,
                    names TEXT NOT NULL,
                    birth_date TEXT,
                    sex TEXT,
                    nationalities TEXT NOT NULL,
                    documents TEXT NOT NULL,
                    action TEXT NOT NULL,
                    authority TEXT,
                    valid_from TEXT,
                    valid_until TEXT
                )
                """,
                "CREATE INDEX alerts_list ON alerts (list)",
            ]
        ),
        (
            2,
            [
                // Bumped by every import, so a running server knows to rebuild its index.
                "CREATE TABLE watchlist_version (version INTEGER NOT NULL)",
                "INSERT INTO watchlist_version (version) VALUES (1)",
            ]
        ),
        (
            3,
            [
                // An officer's decision that a document's holder is not an alert's person.
                """
                CREATE TABLE clearances (
                    alert_id TEXT NOT NULL,
                    document_key TEXT NOT NULL,
                    officer TEXT NOT NULL,
                    day TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    PRIMARY KEY (alert_id, document_key)
                )
                """
            ]
        ),
    ]

    static var current: Int { steps.last?.version ?? 0 }

    static func run(on database: any SQLDatabase) async throws {
        try await database.raw("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)").run()
        let rows = try await database.raw("SELECT version FROM schema_version").all()
        let version = try rows.first?.decode(column: "version", as: Int.self) ?? 0
        if version > current {
            throw StoreError("the database has schema version \(version), newer than this Limes (\(current)); run a newer Limes")
        }
        for step in steps where step.version > version {
            try await database.raw("BEGIN IMMEDIATE").run()
            do {
                for statement in step.statements { try await database.raw(SQLQueryString(statement)).run() }
                try await database.raw("DELETE FROM schema_version").run()
                try await database.raw("INSERT INTO schema_version (version) VALUES (\(bind: step.version))").run()
                try await database.raw("COMMIT").run()
            } catch {
                try? await database.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}
