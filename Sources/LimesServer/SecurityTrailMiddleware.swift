import HTTPTypes
import Hummingbird
import LimesStore
import Logging

/// Writes what an administrator needs to see an attack: every refusal (403) of a logged-in
/// user goes to the log and the audit trail, with the route and the reason; requests without a
/// valid session (401) go to the log only, since anyone can send them and the audit chain must
/// not grow at a stranger's pace. Failed and throttled logins are recorded by `LoginThrottle`.
struct SecurityTrailMiddleware: RouterMiddleware {
    typealias Context = LimesRequestContext

    let store: Store
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            if response.status == .forbidden { await record(request, context: context, reason: "refused") }
            if response.status == .unauthorized { note(request, context: context) }
            return response
        } catch let error as APIError {
            if error.status == .forbidden { await record(request, context: context, reason: error.message) }
            if error.status == .unauthorized { note(request, context: context) }
            throw error
        }
    }

    private func record(_ request: Request, context: Context, reason: String) async {
        let route = "\(request.method) \(request.uri.path)"
        guard let user = context.session?.user else {
            logger.warning("refused", metadata: ["route": "\(route)", "address": "\(context.remoteAddress)", "reason": "\(reason)"])
            return
        }
        logger.warning(
            "refused",
            metadata: ["route": "\(route)", "user": "\(user.username)", "address": "\(context.remoteAddress)", "reason": "\(reason)"]
        )
        do {
            try await store.audit.refusal(user: user, route: route, reason: reason)
        } catch {
            // The refusal stands whether or not the trail could be written; the log says which.
            logger.error("a refusal could not be written to the audit trail", metadata: ["route": "\(route)", "error": "\(error)"])
        }
    }

    private func note(_ request: Request, context: Context) {
        logger.info("unauthenticated", metadata: ["route": "\(request.method) \(request.uri.path)", "address": "\(context.remoteAddress)"])
    }
}
