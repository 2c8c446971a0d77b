import Hummingbird
import LimesCore
import LimesStore

/// Logging in and out. Passwords are checked against a slow hash; the answer is the same for
/// an unknown user and a wrong password.
struct AuthController {
    let store: Store
    let authenticator: SessionAuthenticator
    let settings: ServerConfiguration
    let throttle: LoginThrottle

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.post("login", use: login)
        group.post("logout", use: logout)
        group.get("me", use: me)
    }

    @Sendable func login(_ request: Request, context: LimesRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeJSON(as: LoginRequest.self, context: context)
        let kindText = body.kind ?? "device"
        guard let kind = Session.Kind(rawValue: kindText) else {
            throw APIError.invalid("kind", "'\(kindText)' is not a session kind; use device or web")
        }
        let lifetime = kind == .web ? settings.webIdleSeconds : settings.deviceTokenSeconds
        let outcome = try await throttle.login(username: body.username, address: context.remoteAddress) {
            try await store.users.login(username: body.username, password: body.password, kind: kind, lifetime: lifetime, label: body.label)
        }
        let token: String, session: Session
        switch outcome {
        case .wait(let seconds): throw APIError.tooManyLogins(retryAfter: seconds)
        case .failed: throw APIError(.unauthorized, code: "bad_credentials", "wrong username or password")
        case .succeeded(let opened): (token, session) = opened
        }
        var headers: HTTPFields = [:]
        if kind == .web {
            headers[.setCookie] = SessionCookie.session(token, settings: settings).description
        }
        return try .json(LoginResponse(token: token, kind: kind, expiresAt: session.expiresAt, user: API.of(session.user)), headers: headers)
    }

    @Sendable func logout(_ request: Request, context: LimesRequestContext) async throws -> Response {
        guard let token = context.token, context.session != nil else { throw APIError.unauthenticated }
        try await store.users.logout(token: token)
        authenticator.forget(token)
        return Response(status: .noContent)
    }

    @Sendable func me(_ request: Request, context: LimesRequestContext) async throws -> Response {
        try .json(API.of(try context.requireUser()))
    }
}
