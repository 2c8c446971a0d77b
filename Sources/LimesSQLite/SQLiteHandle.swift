internal import CSQLite

/// The system's SQLite, called directly: one connection, its prepared statements kept for
/// reuse, each statement run on the calling thread.
///
/// A module of its own because SQLiteNIO (which LimesStore uses for its value coding) carries
/// a copy of SQLite's C declarations, and Clang refuses two different definitions of the same
/// C structures in one module. Only Swift types cross this module's boundary.
public final class SQLiteHandle: @unchecked Sendable {
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]

    /// Before the first connection: statistics of memory Limes does not read cost a mutex on
    /// every allocation.
    private static let configured: Void = { _ = limes_sqlite3_disable_memstatus() }()

    public init(path: String) throws(SQLiteFailure) {
        _ = Self.configured
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX | (path == ":memory:" ? SQLITE_OPEN_MEMORY : 0)
        var db: OpaquePointer?
        let status = sqlite3_open_v2(path, &db, flags, nil)
        guard status == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close(db) }
            throw SQLiteFailure(code: status, message: "cannot open SQLite database \(path): \(message)")
        }
        handle = db
    }

    deinit { close() }

    public func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements.removeAll()
        if let handle { sqlite3_close(handle) }
        handle = nil
    }

    /// The SQLite library's version, as `sqlite3_libversion` gives it.
    public static var version: String { String(cString: sqlite3_libversion()) }

    /// How many times SQLite compiled this cached statement again; nil when it is not cached.
    public func reprepares(of sql: String) -> Int? {
        statements[sql].map { Int(sqlite3_stmt_status($0, SQLITE_STMTSTATUS_REPREPARE, 0)) }
    }

    private func failure(_ status: Int32) -> SQLiteFailure {
        SQLiteFailure(code: status, message: handle.map { String(cString: sqlite3_errmsg($0)) } ?? "closed")
    }

    private func statement(for sql: String) throws(SQLiteFailure) -> OpaquePointer {
        if let cached = statements[sql] { return cached }
        guard let handle else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "the database is closed") }
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw failure(status) }
        // Statements built from lists (IN (...), many VALUES) vary without end: keep a bounded set.
        if statements.count > 256 {
            for old in statements.values { sqlite3_finalize(old) }
            statements.removeAll()
        }
        statements[sql] = statement
        return statement
    }

    /// Runs one statement with its parameters; `onRow` receives each row while it is current.
    public func run<E: Error>(_ sql: String, _ binds: [SQLiteValue], onRow: (SQLiteRowView) throws(E) -> Void) throws {
        let statement = try statement(for: sql)
        // No sqlite3_clear_bindings: every parameter is bound again below, and clearing marks
        // any statement whose plan looked at a bound value (SQLite does so for `column = ?`,
        // in case the value is 0 or 1) as expired, so that the next step compiled it again:
        // 6% of the server's CPU under load went to that.
        defer { sqlite3_reset(statement) }
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard binds.count == expected else {
            throw SQLiteFailure(code: SQLITE_RANGE, message: "\(binds.count) values for the \(expected) parameters of: \(sql)")
        }
        let transient = limes_sqlite3_transient()
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .integer(let number): status = sqlite3_bind_int64(statement, index, number)
            case .float(let number): status = sqlite3_bind_double(statement, index, number)
            case .text(let text): status = sqlite3_bind_text64(statement, index, text, UInt64(text.utf8.count), transient, UInt8(SQLITE_UTF8))
            case .blob(let bytes):
                status = bytes.withUnsafeBytes { sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), transient) }
            case .null: status = sqlite3_bind_null(statement, index)
            }
            guard status == SQLITE_OK else { throw failure(status) }
        }
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw failure(status) }
            try onRow(SQLiteRowView(statement: statement))
        }
    }
}

/// A value as SQLite stores it.
public enum SQLiteValue: Sendable, Hashable {
    case integer(Int64)
    case float(Double)
    case text(String)
    case blob([UInt8])
    case null
}

/// The current row of a running statement; valid only inside `run`'s `onRow`.
public struct SQLiteRowView {
    fileprivate let statement: OpaquePointer

    public var count: Int { Int(sqlite3_column_count(statement)) }

    public func name(_ column: Int) -> String { String(cString: sqlite3_column_name(statement, Int32(column))) }

    public func value(_ column: Int) -> SQLiteValue {
        let index = Int32(column)
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: return .float(sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            let length = Int(sqlite3_column_bytes(statement, index))
            guard let text = sqlite3_column_text(statement, index) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
        case SQLITE_BLOB:
            let length = Int(sqlite3_column_bytes(statement, index))
            guard let bytes = sqlite3_column_blob(statement, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: length)))
        default: return .null
        }
    }
}

/// What SQLite said when a statement failed (a constraint, a busy database...).
public struct SQLiteFailure: Error, Sendable, CustomStringConvertible {
    public var code: Int32
    public var message: String

    public init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "SQLite error \(code): \(message)" }
}
