import Foundation
import LimesSQLite
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO

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
    private let handle: SQLiteHandle
    let logger: Logger

    init(path: String, logger: Logger) throws {
        self.logger = logger
        handle = try SQLiteHandle(path: path)
    }

    func close() { handle.close() }

    func sql() -> DirectSQLDatabase { DirectSQLDatabase(connection: self) }

    /// How many times SQLite compiled this cached statement again; nil when it is not cached.
    func reprepares(of sql: String) -> Int? { handle.reprepares(of: sql) }

    /// Runs one statement; `onRow` receives each row.
    func run(_ sql: String, _ binds: [SQLiteData], onRow: (DirectSQLiteRow) throws -> Void) throws {
        var columns: [String]?
        try handle.run(sql, binds.map(Self.value)) { row in
            let count = row.count
            if columns == nil { columns = (0..<count).map { row.name($0) } }
            var values: [SQLiteData] = []
            values.reserveCapacity(count)
            for column in 0..<count { values.append(Self.data(row.value(column))) }
            try onRow(DirectSQLiteRow(columns: columns!, values: values))
        }
    }

    private static func value(_ data: SQLiteData) -> SQLiteValue {
        switch data {
        case .integer(let number): .integer(Int64(number))
        case .float(let number): .float(number)
        case .text(let text): .text(text)
        case .blob(let buffer): .blob(Array(buffer.readableBytesView))
        case .null: .null
        }
    }

    private static func data(_ value: SQLiteValue) -> SQLiteData {
        switch value {
        case .integer(let number): .integer(Int(number))
        case .float(let number): .float(number)
        case .text(let text): .text(text)
        case .blob(let bytes): .blob(ByteBuffer(bytes: bytes))
        case .null: .null
        }
    }
}

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
