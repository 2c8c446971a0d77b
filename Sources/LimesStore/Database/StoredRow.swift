import LimesCore
import SQLKit

/// Reading back what Limes wrote. A column that does not hold what it should (a time that is
/// not a time, a decision Limes does not know) means the database was changed outside Limes or
/// by a newer version: an error naming the table, the record and the column, never a default.
extension SQLRow {
    func time(_ column: String, of table: String) throws -> Timestamp {
        let text = try decode(column: column, as: String.self)
        guard let time = Timestamp(iso: text) else { throw unreadable(column, text, "a time", table) }
        return time
    }

    func optionalTime(_ column: String, of table: String) throws -> Timestamp? {
        guard let text = try decode(column: column, as: String?.self) else { return nil }
        guard let time = Timestamp(iso: text) else { throw unreadable(column, text, "a time", table) }
        return time
    }

    func day(_ column: String, of table: String) throws -> CalendarDate {
        let text = try decode(column: column, as: String.self)
        guard let day = CalendarDate(iso: text) else { throw unreadable(column, text, "a date", table) }
        return day
    }

    func optionalDay(_ column: String, of table: String) throws -> CalendarDate? {
        guard let text = try decode(column: column, as: String?.self) else { return nil }
        guard let day = CalendarDate(iso: text) else { throw unreadable(column, text, "a date", table) }
        return day
    }

    func value<T: RawRepresentable>(_ column: String, as type: T.Type, of table: String) throws -> T where T.RawValue == String {
        let text = try decode(column: column, as: String.self)
        guard let value = T(rawValue: text) else { throw unreadable(column, text, "a known \(T.self)", table) }
        return value
    }

    func optionalValue<T: RawRepresentable>(_ column: String, as type: T.Type, of table: String) throws -> T? where T.RawValue == String {
        guard let text = try decode(column: column, as: String?.self) else { return nil }
        guard let value = T(rawValue: text) else { throw unreadable(column, text, "a known \(T.self)", table) }
        return value
    }

    /// A JSON column read as `T`; text that is not one is an error naming the row and column.
    func json<T: Decodable>(_ column: String, as type: T.Type, of table: String) throws -> T {
        guard let text = try decode(column: column, as: String?.self) else { throw unreadable(column, "NULL", "a \(T.self)", table) }
        do {
            return try Store.decodeJSON(type, text)
        } catch {
            throw unreadable(column, String(text.prefix(200)), "a \(T.self) (\(error))", table)
        }
    }

    private func unreadable(_ column: String, _ text: String, _ expected: String, _ table: String) -> StoreError {
        let id = contains(column: "id") ? (try? decode(column: "id", as: String.self)).map { " \($0)" } ?? "" : ""
        return StoreError("\(table) row\(id): column \(column) holds '\(text)', which is not \(expected)")
    }
}
