import Foundation
import HTTPTypes
import Hummingbird
import LimesCore
import LimesStore

/// An error as a client sees it: a stable code, the field at fault, and a message an officer
/// can act on. Every refusal of the API goes out in this shape.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var field: String?
    public var message: String
    /// Seconds, sent as `Retry-After` with a 429 or 503.
    public var retryAfter: Int64?
    /// A post's batch refused for a gap: the outbox number headquarters expects next.
    public var expectedSeq: Int64?
    /// A refusal because of the user's roles (not a BCP, not a record): the console words it as
    /// a sentence instead of naming permissions.
    var isRoleRefusal = false

    public init(_ status: HTTPResponse.Status, code: String, field: String? = nil, _ message: String) {
        self.status = status
        self.code = code
        self.field = field
        self.message = message
    }

    struct Body: Encodable {
        struct Inner: Encodable {
            var code: String
            var field: String?
            var message: String
        }
        var error: Inner
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONStreamEncoder().encode(Body(error: .init(code: code, field: field, message: message)))
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"limes\"" }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if let expectedSeq { headers[HTTPField.Name(SyncMessage.expectedHeader)!] = String(expectedSeq) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static let unauthenticated = APIError(.unauthorized, code: "unauthenticated", "log in first: send Authorization: Bearer TOKEN")

    static func tooManyLogins(retryAfter seconds: Int64) -> APIError {
        var error = APIError(
            .tooManyRequests,
            code: "too_many_attempts",
            field: "username",
            "too many failed logins for this account or address: try again in \(seconds) s"
        )
        error.retryAfter = seconds
        return error
    }

    static func forbidden(_ message: String) -> APIError { APIError(.forbidden, code: "forbidden", message) }

    static func forbiddenByRole(_ message: String) -> APIError {
        var error = forbidden(message)
        error.isRoleRefusal = true
        return error
    }

    /// A refusal because the user's agency's mandate does not allow it, whatever their roles.
    static let outsideMandate = "outside_mandate"

    static func outsideMandate(of agency: String, _ doing: String) -> APIError {
        APIError(.forbidden, code: outsideMandate, "the mandate of your agency (\(agency)) does not allow \(doing)")
    }

    static func notFound(_ what: String, field: String? = nil) -> APIError { APIError(.notFound, code: "not_found", field: field, what) }

    static func invalid(_ field: String, _ message: String) -> APIError {
        APIError(.unprocessableContent, code: "invalid_field", field: field, message)
    }

    /// Maps a store refusal to its HTTP status, keeping its words.
    init(_ error: StoreError) {
        switch error.code {
        case .invalid: self.init(.unprocessableContent, code: "invalid_field", field: error.field, error.message)
        case .notFound: self.init(.notFound, code: "not_found", field: error.field, error.message)
        case .conflict: self.init(.conflict, code: "conflict", field: error.field, error.message)
        case .forbidden: self.init(.forbidden, code: "forbidden", field: error.field, error.message)
        case .busy:
            self.init(.serviceUnavailable, code: "busy", field: error.field, error.message)
            retryAfter = 1
        case .notConfigured: self.init(.serviceUnavailable, code: "not_configured", field: error.field, error.message)
        }
    }

    /// A rule the request breaks, named by the service that checked it.
    init(_ violation: RuleViolation) {
        switch violation.kind {
        case .invalid: self.init(.unprocessableContent, code: "invalid_field", field: violation.field, violation.message)
        case .missing: self.init(.badRequest, code: "missing_field", field: violation.field, violation.message)
        }
    }

    /// Every refusal a handler or a service may throw, as a client sees it: the one place where
    /// domain and store errors become HTTP. Nil for anything else, which is a fault (500).
    static func mapping(_ error: any Error) -> APIError? {
        switch error {
        case let error as APIError: error
        case let error as StoreError: APIError(error)
        case let error as RuleViolation: APIError(error)
        case let error as DecodingError: APIError(error)
        case let error as SyncRefusal: APIError(error)
        case let error as StatQuery.Problem: APIError.invalid(error.parameter, error.message)
        case let error as DisclosureControl.TooLarge: APIError.invalid("tables", error.description)
        case let error as ReleaseProtection.Unprotectable: APIError.invalid("tables[\(error.table)]", error.description)
        default: nil
        }
    }

    /// The refusal behind `error` when its status is one of `statuses`: for a console form
    /// that shows the refusal beside the field instead of an error page.
    static func refusal(_ error: any Error, _ statuses: HTTPResponse.Status...) -> APIError? {
        guard let refusal = mapping(error), statuses.contains(refusal.status) else { return nil }
        return refusal
    }

    /// A post's request refused: not who it says, a gap in its outbox, or a batch that cannot be applied.
    init(_ refusal: SyncRefusal) {
        switch refusal.code {
        case .unauthenticated: self.init(.unauthorized, code: "unauthenticated", refusal.message)
        case .gap:
            self.init(.conflict, code: "gap", refusal.message)
            expectedSeq = refusal.expected
        case .invalid: self.init(.unprocessableContent, code: "invalid", refusal.message)
        }
    }

    /// Names the field a JSON body got wrong, with the path inside the body.
    init(_ error: DecodingError) {
        let field = error.field
        switch error {
        case .keyNotFound, .valueNotFound: self.init(.badRequest, code: "missing_field", field: field, error.problem)
        case .typeMismatch: self.init(.badRequest, code: "wrong_type", field: field, error.problem)
        case .dataCorrupted where field.isEmpty: self.init(.badRequest, code: "malformed_json", "the body is not valid JSON")
        case .dataCorrupted: self.init(.badRequest, code: "invalid_value", field: field, error.problem)
        @unknown default: self.init(.badRequest, code: "malformed_json", "the body could not be read")
        }
    }
}

/// Turns every refusal thrown below it into an `APIError`, so that handlers and services throw
/// domain errors and none of them maps errors itself.
struct ErrorMappingMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            throw APIError.mapping(error) ?? error
        }
    }
}
