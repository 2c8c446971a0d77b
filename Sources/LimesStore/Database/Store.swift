import Foundation
import LimesCore
import Logging
import NIOSSL
import PostgresKit
import SQLKit
import SQLiteKit
import Synchronization

/// The database of Limes, behind sql-kit so that one code path serves both engines: SQLite,
/// embedded, for a laptop at a post; PostgreSQL for a national installation.
public final class Store: Sendable {
    public enum Engine: String, Sendable {
        case sqlite
        case postgres
    }

    private enum Backend: Sendable {
        /// One writing connection, one task at a time: SQLite writes one transaction at a time
        /// anyway. Reads go to connections of their own, which WAL lets run beside the writer.
        /// Transactions that wait for the writer are committed together.
        case sqlite(DirectSQLiteConnection, SerialGate, readers: [(DirectSQLiteConnection, SerialGate)], commits: GroupCommit?)
        /// The pool, and the task that runs it when the store runs it itself (nil when a service
        /// group does: `DatabasePool`).
        case postgres(PostgresClient, Task<Void, Never>?)
    }

    private let backend: Backend
    public let engine: Engine
    /// Spreads reads over the reader connections in turn.
    private let nextReader = Atomic<Int>(0)
    let logger: Logger
    /// SQLite on a file: folds the log into the database beside the writer.
    private let checkpointer: WALCheckpointer?
    /// Signs the audit chain's head; kept outside the database.
    let auditKey: AuditKey

    private init(backend: Backend, logger: Logger, auditKey: AuditKey, checkpointer: WALCheckpointer? = nil) {
        self.backend = backend
        self.logger = logger
        self.auditKey = auditKey
        self.checkpointer = checkpointer
        switch backend {
        case .sqlite: engine = .sqlite
        case .postgres: engine = .postgres
        }
    }

    /// Opens the store and brings its schema up to this program's version. On PostgreSQL, with
    /// `pool` the connection pool is the one a service group runs (a server); without, the store
    /// runs one itself (a command that opens the store, works and closes it).
    public static func open(
        _ configuration: StoreConfiguration,
        pool: DatabasePool? = nil,
        logger: Logger = Logger(label: "limes.store")
    ) async throws -> Store {
        let auditKey: AuditKey
        switch configuration.auditKey {
        case .ephemeral: auditKey = .ephemeral()
        case .file(let path):
            guard !path.isEmpty else {
                throw StoreError("name the file of the audit signing key (LIMES_AUDIT_KEY_FILE), outside the database")
            }
            auditKey = try AuditKey.loadOrCreate(path: path)
        }
        let store: Store
        switch configuration.engine {
        case .postgres(let settings):
            // One connection first, alone: the pool retries a refused connection without end, and
            // a wrong password or an untrusted certificate should be said at once, in words.
            do {
                let probe = try await PostgresConnection.connect(
                    configuration: PostgresConnection.Configuration(
                        host: settings.host,
                        port: settings.port,
                        username: settings.username,
                        password: settings.password,
                        database: settings.database,
                        tls: try Store.connectionTLS(settings.tls)
                    ),
                    id: 0,
                    logger: logger
                )
                try await probe.close()
            } catch {
                throw StoreError("cannot reach PostgreSQL at \(configuration): \(String(reflecting: error))")
            }
            let client: PostgresClient
            var task: Task<Void, Never>?
            if let pool {
                client = pool.client
            } else {
                client = Store.client(settings, logger: logger)
                task = await DatabasePool.start(client)
            }
            store = Store(backend: .postgres(client, task), logger: logger, auditKey: auditKey)
            do {
                try await store.read { db in _ = try await db.raw("SELECT 1 AS one").first() }
            } catch {
                task?.cancel()
                throw StoreError("cannot reach PostgreSQL at \(configuration): \(String(reflecting: error))")
            }
        case .sqlite(let path):
            if path != ":memory:" {
                // Personal data: the folder 0700 when Limes creates it, the database and its
                // log files 0600 (SQLite gives the -wal and -shm files the database's mode).
                let folder = (path as NSString).deletingLastPathComponent
                if !folder.isEmpty {
                    try PrivateFiles.createFolder(folder)
                    if PrivateFiles.isShared(folder) {
                        logger.warning("the data folder \(folder) may be read by other users; chmod 700 \(folder)")
                    }
                }
                for suffix in ["", "-wal", "-shm"] where suffix.isEmpty || FileManager.default.fileExists(atPath: path + suffix) {
                    try PrivateFiles.restrict(path + suffix)
                }
            }
            let connection = try DirectSQLiteConnection(path: path, logger: logger)
            var readers: [(DirectSQLiteConnection, SerialGate)] = []
            var checkpointer: WALCheckpointer?
            do {
                try await configure(connection, file: path != ":memory:")
                // A memory database exists in one connection only: there it reads too.
                if path != ":memory:" {
                    for _ in 0..<2 {
                        let reader = try DirectSQLiteConnection(path: path, logger: logger)
                        readers.append((reader, SerialGate()))
                        try await configure(reader, file: true)
                    }
                    try await connection.sql().raw("PRAGMA wal_autocheckpoint=\(unsafeRaw: String(WALCheckpointer.writerFallbackPages))").run()
                    checkpointer = try WALCheckpointer(path: path, logger: logger)
                }
            } catch {
                connection.close()
                for (reader, _) in readers { reader.close() }
                checkpointer?.shutdown()
                throw error
            }
            let gate = SerialGate()
            store = Store(
                backend: .sqlite(
                    connection,
                    gate,
                    readers: readers,
                    // LIMES_SQLITE_GROUP_COMMIT=0 commits each transaction alone: for comparing the two.
                    commits: ProcessInfo.processInfo.environment["LIMES_SQLITE_GROUP_COMMIT"] == "0"
                        ? nil : GroupCommit(connection: connection, gate: gate)
                ),
                logger: logger,
                auditKey: auditKey,
                checkpointer: checkpointer
            )
        }
        do {
            try await Migrations.run(on: store)
            // A chain signed with another key would be re-signed silently by the next event:
            // refuse, so that a lost or replaced key file is a decision, not an accident.
            let signer = try await store.read { db in try await db.raw("SELECT key_id FROM audit_heads WHERE chain = 'local'").first() }
            if let keyID = try signer?.decode(column: "key_id", as: String?.self), keyID != auditKey.id {
                throw StoreError(
                    "the audit chain is signed with key \(keyID), but the audit key file holds key \(auditKey.id); restore the key file that signed it"
                )
            }
        } catch {
            try? await store.close()
            throw error
        }
        return store
    }

    /// The connection pool of a PostgreSQL configuration.
    static func client(_ settings: StoreConfiguration.Postgres, logger: Logger) -> PostgresClient {
        var config = PostgresClient.Configuration(
            host: settings.host,
            port: settings.port,
            username: settings.username,
            password: settings.password,
            database: settings.database,
            tls: Store.tls(settings.tls)
        )
        config.options.maximumConnections = 16
        return PostgresClient(configuration: config, backgroundLogger: logger)
    }

    /// TLS to PostgreSQL as the URL's `sslmode` says.
    static func tls(_ mode: StoreConfiguration.Postgres.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: return .disable
        case .require: return .require(tlsConfiguration(verified: false))
        case .verifyFull: return .require(tlsConfiguration(verified: true))
        }
    }

    static func connectionTLS(_ mode: StoreConfiguration.Postgres.TLSMode) throws -> PostgresConnection.Configuration.TLS {
        switch mode {
        case .disable: return .disable
        case .require: return .require(try NIOSSLContext(configuration: tlsConfiguration(verified: false)))
        case .verifyFull: return .require(try NIOSSLContext(configuration: tlsConfiguration(verified: true)))
        }
    }

    /// `require`: encrypted, the certificate not checked; `verify-full`: checked against the
    /// system's trusted authorities, with the host name.
    static func tlsConfiguration(verified: Bool) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if !verified { configuration.certificateVerification = .none }
        return configuration
    }

    private static func configure(_ connection: DirectSQLiteConnection, file: Bool) async throws {
        let db = connection.sql()
        if file {
            try await db.raw("PRAGMA journal_mode=WAL").run()
            // In WAL mode NORMAL loses nothing when the process dies; only a power cut may
            // lose the last transactions, never corrupt the file.
            try await db.raw("PRAGMA synchronous=NORMAL").run()
        }
        try await db.raw("PRAGMA foreign_keys=ON").run()
        try await db.raw("PRAGMA busy_timeout=5000").run()
        // A transaction's savepoint (see GroupCommit) keeps its undo pages in a journal of its
        // own; on disk that was a new temporary file per transaction, created and written.
        try await db.raw("PRAGMA temp_store=MEMORY").run()
        // The page cache stays at SQLite's 2 MB. 32 MB spared some page reads, but at the end of
        // every transaction SQLite walks the cache's hash table (pcache1TruncateUnsafe): that
        // went from 0.3% to 4% of the server's CPU under a booth load, more than it saved.
    }

    public func close() async throws {
        switch backend {
        case .sqlite(let connection, let gate, let readers, _):
            checkpointer?.shutdown()
            for (reader, readerGate) in readers { try? await readerGate.run { reader.close() } }
            try? await gate.run { connection.close() }
        case .postgres(_, let task): task?.cancel()
        }
    }

    /// Runs `body` with a database to read from: what it sees was committed before it began.
    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let connection, let gate, let readers, _):
            guard !readers.isEmpty else { return try await gate.run { try await body(connection.sql()) } }
            let turn = nextReader.wrappingAdd(1, ordering: .relaxed).oldValue
            let (reader, readerGate) = readers[(turn & Int.max) % readers.count]
            return try await readerGate.run { try await body(reader.sql()) }
        case .postgres(let client, _):
            return try await client.withConnection { connection in try await body(connection.sql()) }
        }
    }

    /// Runs `body`, which writes, without a transaction of its own (one statement, or DDL).
    func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let connection, let gate, _, _):
            return try await gate.run { try await body(connection.sql()) }
        case .postgres(let client, _):
            return try await client.withConnection { connection in try await body(connection.sql()) }
        }
    }

    /// Runs `body` in one transaction: all of it is stored, or none of it.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(_, _, _, let commits?):
            return try await commits.run(body)
        case .sqlite(let connection, let gate, _, nil):
            return try await gate.run {
                let db = connection.sql()
                try await db.raw("BEGIN IMMEDIATE").run()
                do {
                    let result = try await body(db)
                    try await db.raw("COMMIT").run()
                    StoreMetrics.sqliteTransactions.increment()
                    return result
                } catch {
                    try? await db.raw("ROLLBACK").run()
                    StoreMetrics.sqliteRollbacks.increment()
                    throw error
                }
            }
        case .postgres(let client, _):
            return try await client.withConnection { connection in
                let db = connection.sql()
                try await db.raw("BEGIN").run()
                do {
                    let result = try await body(db)
                    try await db.raw("COMMIT").run()
                    StoreMetrics.postgresTransactions.increment()
                    return result
                } catch {
                    try? await db.raw("ROLLBACK").run()
                    StoreMetrics.postgresRollbacks.increment()
                    throw error
                }
            }
        }
    }

    /// On SQLite, the transactions written and the commits that wrote them (several
    /// transactions that wait for the writer share one commit); nil on PostgreSQL.
    public var commitFigures: (transactions: Int, commits: Int)? {
        guard case .sqlite(_, _, _, let commits?) = backend else { return nil }
        return commits.figures
    }

    /// `FOR UPDATE` where the engine has row locks; SQLite's writer lock already serialises.
    var lockClause: String { engine == .postgres ? " FOR UPDATE" : "" }
}

extension Store {
    /// Reads from the database once: for `/health`, which must say when it cannot.
    public func ping() async throws {
        try await read { db in
            guard try await db.raw("SELECT 1 AS one").first() != nil else { throw StoreError("the database answered no row to SELECT 1") }
        }
    }
}
