import LimesCore
import SQLKit

/// Which tables travel between a post and headquarters, and how a row of them is read and
/// written whatever the table. Table names come from these lists only; column names from the
/// receiving database's own schema, so nothing a peer sends is ever spliced into SQL unchecked.
enum SyncedTables {
    struct Table: Sendable {
        var name: String
        /// The primary key's columns: how a record is found again on the other side.
        var key: [String]
        /// Columns a post keeps its own value of once it holds the row: what a user chose for
        /// themselves there (the console's language), which headquarters' next copy must not undo.
        var keptAtPost: [String] = []
    }

    /// What a post records and headquarters collects (post → headquarters), in outbox order.
    static let upward: [Table] = [
        Table(name: "travellers", key: ["id"]),
        Table(name: "documents", key: ["id"]),
        Table(name: "checks", key: ["id"]),
        Table(name: "traveller_links", key: ["traveller_id", "kind", "document_id"]),
        Table(name: "crossings", key: ["id"]),
        Table(name: "cases", key: ["id"]),
        Table(name: "hits", key: ["id"]),
        Table(name: "clearances", key: ["alert_id", "document_key"]),
        Table(name: "protection_flags", key: ["id"]),
        Table(name: "safeguard_reviews", key: ["id"]),
        Table(name: "vulnerability_assessments", key: ["id"]),
        Table(name: "age_assessments", key: ["id"]),
        Table(name: "information_given", key: ["id"]),
        Table(name: "referrals", key: ["id"]),
        Table(name: "persons_without_documents", key: ["traveller_id"]),
    ]

    /// A post's audit events travel up too, in the same outbox, and are kept at headquarters as
    /// that post's chain (PostChainReceiver), not as records of headquarters' own.
    static let auditEvents = "audit_events"

    static let upwardByName: [String: Table] = Dictionary(uniqueKeysWithValues: upward.map { ($0.name, $0) })

    /// What headquarters decides and every post follows (headquarters → post). `alerts` travel
    /// apart, only when the watchlist's version moved.
    static let reference: [Table] = [
        Table(name: "agencies", key: ["id"]),
        Table(name: "bcps", key: ["code"]),
        Table(name: "lanes", key: ["bcp_code", "code"]),
        Table(name: "users", key: ["id"], keptAtPost: ["language"]),
        Table(name: "user_bcps", key: ["user_id", "bcp_code"]),
        Table(name: "settings", key: ["name"]),
        Table(name: "services", key: ["id"]),
    ]

    static let alerts = Table(name: "alerts", key: ["id"])

    enum Kind: Sendable {
        case text
        case integer
        case real
    }

    struct Column: Sendable, Hashable {
        var name: String
        var kind: Kind
    }

    /// The table's columns as this database declares them.
    static func columns(of table: String, on db: any SQLDatabase, engine: Store.Engine) async throws -> [Column] {
        let rows: [any SQLRow]
        switch engine {
        case .sqlite:
            rows = try await db.raw("SELECT name, type FROM pragma_table_info(\(bind: table)) ORDER BY cid").all()
        case .postgres:
            rows = try await db.raw(
                """
                SELECT column_name AS name, data_type AS type FROM information_schema.columns
                WHERE table_name = \(bind: table) AND table_schema = current_schema() ORDER BY ordinal_position
                """
            ).all()
        }
        guard !rows.isEmpty else { throw StoreError("the table \(table) does not exist in this database") }
        return try rows.map { row in
            let type = try row.decode(column: "type", as: String.self).lowercased()
            let kind: Kind =
                type.contains("int") ? .integer : (type.contains("doub") || type.contains("real") || type.contains("floa")) ? .real : .text
            return Column(name: try row.decode(column: "name", as: String.self), kind: kind)
        }
    }

    /// A row as values that travel.
    static func values(of row: any SQLRow, columns: [Column], table: String) throws -> [String: SyncValue] {
        var values: [String: SyncValue] = [:]
        for column in columns {
            do {
                switch column.kind {
                case .text: values[column.name] = try row.decode(column: column.name, as: String?.self).map(SyncValue.text) ?? .null
                case .integer: values[column.name] = try row.decode(column: column.name, as: Int64?.self).map(SyncValue.integer) ?? .null
                case .real: values[column.name] = try row.decode(column: column.name, as: Double?.self).map(SyncValue.real) ?? .null
                }
            } catch {
                throw StoreError("\(table).\(column.name) cannot be read to send it: \(error)")
            }
        }
        return values
    }

    /// The value to bind for a column, refused when it is not of the column's kind.
    static func bindable(_ value: SyncValue, for column: Column, table: String) throws -> any Encodable & Sendable {
        switch (column.kind, value) {
        case (.text, .text(let text)): return text
        case (.text, .null): return String?.none
        case (.integer, .integer(let number)): return number
        case (.integer, .null): return Int64?.none
        case (.real, .real(let number)): return number
        case (.real, .integer(let number)): return Double(number)
        case (.real, .null): return Double?.none
        default:
            throw StoreError(
                "\(table).\(column.name): \(value) is not \(column.kind == .text ? "text" : "a number")",
                field: "\(table).\(column.name)"
            )
        }
    }

    /// The row's values in the column order given, checked against the schema: a column this
    /// database does not have is refused, one the row lacks is NULL.
    static func binds(_ row: [String: SyncValue], columns: [Column], table: String) throws -> [any Encodable & Sendable] {
        let known = Set(columns.map(\.name))
        if let unknown = row.keys.sorted().first(where: { !known.contains($0) }) {
            throw StoreError("\(table) has no column \(unknown) here: the sender runs another version of Limes", field: "\(table).\(unknown)")
        }
        return try columns.map { try bindable(row[$0.name] ?? .null, for: $0, table: table) }
    }

    /// A record's key as one text, for messages and the conflict list.
    static func keyText(_ row: [String: SyncValue], table: Table) -> String {
        table.key.map { row[$0]?.description ?? "null" }.joined(separator: "/")
    }

    /// `a = $1 AND b = $2` over the key columns.
    static func keyCondition(_ row: [String: SyncValue], table: Table, columns: [Column]) throws -> SQLQueryString {
        var condition: SQLQueryString = ""
        for (index, name) in table.key.enumerated() {
            guard let column = columns.first(where: { $0.name == name }), let value = row[name], value != .null else {
                throw StoreError("\(table.name): the record has no \(name), part of its key", field: "\(table.name).\(name)")
            }
            if index > 0 { condition += " AND " }
            condition += "\(unsafeRaw: name) = \(bind: try bindable(value, for: column, table: table.name))"
        }
        return condition
    }
}
