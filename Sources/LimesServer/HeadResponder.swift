import HTTPTypes
import Hummingbird

/// HEAD answers as GET does, without the body (RFC 9110): link checkers, monitors and proxies
/// ask with it, and every route is written for GET. It wraps the router, since routes are found
/// by method before any of their middleware runs.
struct HeadResponder<Base: HTTPResponder>: HTTPResponder where Base.Context == LimesRequestContext {
    typealias Context = LimesRequestContext
    let base: Base

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .head else { return try await base.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        // The body stays: NIO's HTTP/1 encoder knows the request was HEAD and sends only the head,
        // with the Content-Length a GET would have.
        return try await base.respond(to: Request(head: head, body: request.body), context: context)
    }
}
