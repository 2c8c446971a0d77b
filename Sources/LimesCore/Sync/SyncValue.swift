import Foundation

/// One column's value in a record that travels between nodes: the four kinds a Limes table
/// holds (text, whole numbers, decimals, nothing). Written as the plain JSON value, so that a
/// batch reads like the rows it carries.
public enum SyncValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case text(String)
    case integer(Int64)
    case real(Double)
    case null

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let integer = try? container.decode(Int64.self) {
            self = .integer(integer)
        } else if let real = try? container.decode(Double.self) {
            self = .real(real)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a column's value must be text, a number or null")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .integer(let integer): try container.encode(integer)
        case .real(let real): try container.encode(real)
        case .null: try container.encodeNil()
        }
    }

    public var description: String {
        switch self {
        case .text(let text): return text
        case .integer(let integer): return String(integer)
        case .real(let real): return String(real)
        case .null: return "null"
        }
    }
}
