import HTTPTypes
import Hummingbird

/// Headers every answer carries: no caching of personal data (static files excepted), no
/// framing, no sniffing, no inline scripts.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = LimesRequestContext

    /// Scripts and styles from Limes itself only, none inline; no framing; forms post to Limes.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        return response
    }
}
