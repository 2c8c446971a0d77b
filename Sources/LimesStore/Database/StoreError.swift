/// A store operation refused, with what a user can act on. `code` is stable for the API.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case invalid
        case notFound = "not_found"
        case conflict
        case forbidden
        /// Too much of a limited resource in use at once (password hashing): try again shortly.
        case busy
        /// Something an administrator must set first is missing (the entry policy).
        case notConfigured = "not_configured"
    }

    public var code: Code
    /// The request field at fault, when there is one.
    public var field: String?
    public var message: String

    public init(_ message: String, code: Code = .invalid, field: String? = nil) {
        self.message = message
        self.code = code
        self.field = field
    }

    public var description: String { message }
}
