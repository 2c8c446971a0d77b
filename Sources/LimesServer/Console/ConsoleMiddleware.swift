import Foundation
import HTTPTypes
import Hummingbird
import LimesCore
import LimesStore

/// In front of every console page: the session from the cookie (web sessions only), refusals
/// shown as pages in the user's language rather than JSON, a login page for the logged out,
/// and the server's time for the page in `Server-Timing`.
struct ConsoleMiddleware: RouterMiddleware {
    typealias Context = LimesRequestContext
    let authenticator: SessionAuthenticator
    let renderer: ConsoleRenderer
    /// On a post: where its link to headquarters is read, and the seconds between its rounds.
    var post: (store: Store, roundSeconds: Int64)? = nil

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var context = context
        if let cookie = request.cookies[SessionAuthenticator.cookieName] {
            // A device token pasted into a cookie is not a console session.
            if let session = try await authenticator.session(for: cookie.value), session.kind == .web {
                context.token = cookie.value
                context.session = session
            }
        }
        if request.method == .get { context.consolePath = request.uri.description }
        // Read for every page a signed-in officer sees at a post: one row, and the banner must
        // not be older than the page.
        if let post, context.session != nil, let link = try await post.store.outbox.identity()?.link {
            context.postLink = (link, link.isOffline(at: Timestamp(), roundSeconds: post.roundSeconds))
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError where error.status == .unauthorized {
            response = Self.redirect("/console/login")
        } catch let error as APIError where error.code == APIError.outsideMandate {
            response = errorPage(status: .forbidden, message: renderer.text("error.outside_mandate", context), field: nil, context: context)
        } catch let error as APIError where error.isRoleRefusal {
            // A refusal by role reads as a sentence in the user's language, not as permission codes.
            response = errorPage(status: .forbidden, message: renderer.text("error.forbidden", context), field: nil, context: context)
        } catch let error as APIError {
            response = errorPage(status: error.status, message: error.message, field: error.field, context: context)
        } catch let error as HTTPError where error.status == .notFound {
            response = errorPage(status: .notFound, message: renderer.text("error.no_page", context), field: nil, context: context)
        }
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        response.headers[HTTPField.Name("Server-Timing")!] = "app;dur=" + String(format: "%.2f", milliseconds)
        return response
    }

    /// `error.mustache`.
    struct ErrorPage: Encodable {
        var message: String
        var field: String?
        var status: String
    }

    func errorPage(status: HTTPResponse.Status, message: String, field: String?, context: Context) -> Response {
        do {
            return try renderer.page(
                "error",
                title: "error.title",
                model: ErrorPage(message: message, field: field, status: String(status.code)),
                context: context,
                status: status
            )
        } catch {
            ConsoleRenderer.logger.error("the error page could not be rendered", metadata: ["error": "\(error)"])
            return Response(status: .internalServerError)
        }
    }

    /// After a form, the browser goes on to a page it may reload without sending again.
    static func redirect(_ location: String, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }
}
