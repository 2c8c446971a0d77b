import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import VaporCSQLite

/// A SQLite connection that runs each statement on the calling thread, with its prepared
/// statements kept for reuse.
///
/// Why not SQLiteNIO's connection: it sends every statement to a thread pool and every row
/// back through the event loop, three thread hand-offs per statement, and prepares each
/// statement anew. A crossing costs about sixteen statements; measured at a booth, the
/// hand-offs and the preparing were most of its time. SQLite works on a local file, in
/// microseconds, and the store lets one task at a time use a connection (`SerialGate`), so
/// running it where the task runs is both safe and fast. sql-kit still builds and
/// serialises every query, with SQLiteKit's dialect and value coding: one code path with
/// PostgreSQL remains.
final class DirectSQLiteConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    let logger: Logger

    init(path: String, logger: Logger) throws {
        self.logger = logger
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX | (path == ":memory:" ? SQLITE_OPEN_MEMORY : 0)
        var db: OpaquePointer?
        let status = sqlite_nio_sqlite3_open_v2(path, &db, flags, nil)
        guard status == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite_nio_sqlite3_close(db) }
            throw StoreError("cannot open SQLite database \(path): \(message)")
        }
        handle = db
    }

    deinit { close() }

    func close() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        statements.removeAll()
        if let handle { sqlite_nio_sqlite3_close(handle) }
        handle = nil
    }

    func sql() -> DirectSQLDatabase { DirectSQLDatabase(connection: self) }

    /// How many times SQLite compiled this cached statement again; nil when it is not cached.
    func reprepares(of sql: String) -> Int? {
        statements[sql].map { Int(sqlite_nio_sqlite3_stmt_status($0, SQLITE_STMTSTATUS_REPREPARE, 0)) }
    }

    private func error(_ status: Int32, _ sql: String) -> SQLiteFailure {
        let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "closed"
        return SQLiteFailure(code: status, message: message)
    }

    private func statement(for sql: String) throws -> OpaquePointer {
        if let cached = statements[sql] { return cached }
        guard let handle else { throw StoreError("the database is closed") }
        var statement: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw error(status, sql) }
        // Statements built from lists (IN (...), many VALUES) vary without end: keep a bounded set.
        if statements.count > 256 {
            for old in statements.values { sqlite_nio_sqlite3_finalize(old) }
            statements.removeAll()
        }
        statements[sql] = statement
        return statement
    }

    /// Runs one statement; `onRow` receives each row.
    func run(_ sql: String, _ binds: [SQLiteData], onRow: (DirectSQLiteRow) throws -> Void) throws {
        let statement = try statement(for: sql)
        // No sqlite3_clear_bindings: every parameter is bound again below, and clearing marks
        // any statement whose plan looked at a bound value (SQLite does so for `column = ?`,
        // in case the value is 0 or 1) as expired, so that the next step compiled it again:
        // 6% of the server's CPU under load went to that.
        defer { sqlite_nio_sqlite3_reset(statement) }
        guard binds.count == Int(sqlite_nio_sqlite3_bind_parameter_count(statement)) else {
            throw StoreError("\(binds.count) values for the \(sqlite_nio_sqlite3_bind_parameter_count(statement)) parameters of: \(sql)")
        }
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .integer(let number): status = sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
            case .float(let number): status = sqlite_nio_sqlite3_bind_double(statement, index, number)
            case .text(let text):
                status = sqlite_nio_sqlite3_bind_text64(
                    statement,
                    index,
                    text,
                    UInt64(text.utf8.count),
                    SQLITE_TRANSIENT_DESTRUCTOR,
                    UInt8(SQLITE_UTF8)
                )
            case .blob(let buffer):
                status = buffer.withUnsafeReadableBytes {
                    sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), SQLITE_TRANSIENT_DESTRUCTOR)
                }
            case .null: status = sqlite_nio_sqlite3_bind_null(statement, index)
            }
            guard status == SQLITE_OK else { throw error(status, sql) }
        }
        var columns: [String]?
        while true {
            let status = sqlite_nio_sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw error(status, sql) }
            let count = sqlite_nio_sqlite3_column_count(statement)
            if columns == nil {
                columns = (0..<count).map { String(cString: sqlite_nio_sqlite3_column_name(statement, $0)) }
            }
            var values: [SQLiteData] = []
            values.reserveCapacity(Int(count))
            for column in 0..<count {
                switch sqlite_nio_sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: values.append(.integer(Int(sqlite_nio_sqlite3_column_int64(statement, column))))
                case SQLITE_FLOAT: values.append(.float(sqlite_nio_sqlite3_column_double(statement, column)))
                case SQLITE_TEXT:
                    let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                    if let text = sqlite_nio_sqlite3_column_text(statement, column) {
                        values.append(.text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self)))
                    } else {
                        values.append(.text(""))
                    }
                case SQLITE_BLOB:
                    let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                    var buffer = ByteBufferAllocator().buffer(capacity: length)
                    if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) {
                        buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: length))
                    }
                    values.append(.blob(buffer))
                default: values.append(.null)
                }
            }
            try onRow(DirectSQLiteRow(columns: columns!, values: values))
        }
    }
}

/// What SQLite said when a statement failed (a constraint, a busy database...).
struct SQLiteFailure: Error, CustomStringConvertible {
    var code: Int32
    var message: String
    var description: String { "SQLite error \(code): \(message)" }
}

private let SQLITE_TRANSIENT_DESTRUCTOR = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One result row, decoded on demand with SQLiteKit's value decoder.
struct DirectSQLiteRow: SQLRow {
    let columns: [String]
    let values: [SQLiteData]

    var allColumns: [String] { columns }

    func contains(column: String) -> Bool { columns.contains(column) }

    private func value(_ column: String) throws -> SQLiteData {
        guard let index = columns.firstIndex(of: column) else {
            throw DecodingError.keyNotFound(
                SQLCodingKey(stringValue: column),
                .init(codingPath: [], debugDescription: "no column \(column) in the row")
            )
        }
        return values[index]
    }

    func decodeNil(column: String) throws -> Bool { try value(column) == .null }

    func decode<D: Decodable>(column: String, as: D.Type) throws -> D {
        let value = try value(column)
        // The common cases without SQLiteKit's decoder, which makes a JSONDecoder and asks
        // the runtime for a protocol conformance per column. Same results: anything else,
        // and any mismatch (with its error), still goes through it.
        switch value {
        case .text(let text):
            if D.self == String.self { return text as! D }
            if D.self == String?.self { return String?.some(text) as! D }
        case .integer(let number):
            if D.self == Int.self { return number as! D }
            if D.self == Int?.self { return Int?.some(number) as! D }
        case .null:
            if D.self == String?.self { return String?.none as! D }
            if D.self == Int?.self { return Int?.none as! D }
        default: break
        }
        return try Self.decoder.decode(D.self, from: value)
    }

    private static let decoder = SQLiteDataDecoder()
}

struct SQLCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// sql-kit's view of a `DirectSQLiteConnection`.
struct DirectSQLDatabase: SQLDatabase {
    let connection: DirectSQLiteConnection

    var logger: Logger { connection.logger }
    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteDialect() }

    private func run(_ query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) throws {
        var serializer = SQLSerializer(database: self)
        query.serialize(to: &serializer)
        let binds = try serializer.binds.map(Self.sqliteData)
        try connection.run(serializer.sql, binds) { onRow($0) }
    }

    /// A bind as SQLite takes it. The common types directly, as SQLiteKit converts them; it
    /// asks the runtime for a protocol conformance per value, and makes a JSONEncoder per
    /// query. Everything else (optionals, dates, JSON) goes through SQLiteKit's encoder.
    static func sqliteData(_ value: any Encodable & Sendable) throws -> SQLiteData {
        switch value {
        case let text as String: return .text(text)
        case let number as Int: return .integer(number)
        case let number as Double: return .float(number)
        case let flag as Bool: return .integer(flag ? 1 : 0)
        default: return try encoder.encode(value)
        }
    }

    private static let encoder = SQLiteDataEncoder()

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        do {
            try run(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try run(query, onRow)
    }
}
