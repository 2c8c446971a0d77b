import Foundation

extension DecodingError {
    /// The path of the field at fault inside the document, `groups[1].stay.maxDays`; empty when
    /// the document itself does not read.
    public var field: String {
        let keys: [any CodingKey]
        switch self {
        case .keyNotFound(let key, let context): keys = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): keys = context.codingPath
        @unknown default: keys = []
        }
        return keys.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }

    /// What is wrong with the field, in words for the person who wrote the document.
    public var problem: String {
        switch self {
        case .keyNotFound: return "\(field) is required"
        case .typeMismatch(let type, _): return "\(field) must be \(Self.describe(type))"
        case .valueNotFound(let type, _): return "\(field) must be \(Self.describe(type)), not null"
        case .dataCorrupted(let context):
            return field.isEmpty ? "not valid JSON" : "\(field): \(context.debugDescription)"
        @unknown default: return "could not be read"
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type: return "a whole number"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default: return "an object or list of the documented shape"
        }
    }
}
