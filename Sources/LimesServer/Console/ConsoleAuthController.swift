import Foundation
import Hummingbird
import LimesCore
import LimesStore

/// Logging in and out of the console, the language, and the way home.
struct ConsoleAuthController {
    let store: Store
    let authenticator: SessionAuthenticator
    let renderer: ConsoleRenderer
    let settings: ServerConfiguration
    let throttle: LoginThrottle

    /// Before a session exists, the login form is tied to the browser by a cookie of its own.
    static let loginCookie = "limes_login"

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("", use: home)
        group.get("login", use: loginPage)
        group.post("login", use: login)
        group.post("logout", use: logout)
        group.post("language", use: language)
    }

    @Sendable func home(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.requireUser()
        if let first = ConsoleNavigation.items(for: user).first { return ConsoleMiddleware.redirect(first.path) }
        return try renderer.page("nothing", title: "nothing.title", model: ConsoleRenderer.NoModel(), context: context)
    }

    @Sendable func loginPage(_ request: Request, context: LimesRequestContext) async throws -> Response {
        if context.session != nil { return ConsoleMiddleware.redirect("/console") }
        let language = Language(code: request.uri.queryParameters.get("lang"))
        return try loginForm(context: context, language: language, username: "", error: nil, status: .ok)
    }

    /// `login.mustache`.
    struct LoginPage: Encodable {
        var formToken: String
        var username: String
        var error: String?
        var chosenLang: String
    }

    func loginForm(context: LimesRequestContext, language: Language, username: String, error: String?, status: HTTPResponse.Status)
        throws -> Response
    {
        let formToken = UUID().uuidString
        let cookie = SessionCookie.loginForm(formToken, name: Self.loginCookie, settings: settings)
        return try renderer.page(
            "login",
            title: "login.title",
            model: LoginPage(formToken: formToken, username: username, error: error, chosenLang: language.rawValue),
            context: context,
            status: status,
            headers: [.setCookie: cookie.description],
            language: language
        )
    }

    @Sendable func login(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let form = try await ConsoleForm.read(request, context: context, checkToken: false)
        let language = Language(code: form["lang"])
        let text = { (key: String, values: [String: String]) in renderer.catalogue.text(key, language, values) }
        guard let formCookie = request.cookies[Self.loginCookie]?.value, form[ConsoleCSRF.field] == formCookie else {
            return try loginForm(
                context: context,
                language: language,
                username: form["username"] ?? "",
                error: text("login.stale", [:]),
                status: .forbidden
            )
        }
        let username = form.value("username") ?? ""
        let outcome = try await throttle.login(username: username, address: context.remoteAddress) {
            try await store.users.login(
                username: username,
                password: form["password"] ?? "",
                kind: .web,
                lifetime: settings.webIdleSeconds,
                label: "console"
            )
        }
        let token: String, session: Session
        switch outcome {
        case .wait(let wait):
            var response = try loginForm(
                context: context,
                language: language,
                username: username,
                error: text("login.throttled", ["seconds": String(wait)]),
                status: .tooManyRequests
            )
            response.headers[.retryAfter] = String(wait)
            return response
        case .failed:
            return try loginForm(context: context, language: language, username: username, error: text("login.failed", [:]), status: .unauthorized)
        case .succeeded(let opened): (token, session) = opened
        }
        // Chosen on the login page: kept as the user's language from now on.
        if let chosen = form["lang"], !chosen.isEmpty, Language(code: chosen).rawValue != session.user.language {
            try await store.users.setLanguage(userID: session.user.id, language: Language(code: chosen).rawValue)
        }
        let cookie = SessionCookie.session(token, settings: settings)
        return ConsoleMiddleware.redirect("/console", headers: [.setCookie: cookie.description])
    }

    @Sendable func logout(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try await ConsoleForm.read(request, context: context)
        if let token = context.token {
            try await store.users.logout(token: token)
            authenticator.forget(token)
        }
        let expired = SessionCookie.expired(settings: settings)
        return ConsoleMiddleware.redirect("/console/login", headers: [.setCookie: expired.description])
    }

    @Sendable func language(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let form = try await ConsoleForm.read(request, context: context)
        guard let code = form.value("language"), let language = Language(rawValue: code) else {
            throw APIError.invalid("language", "'\(form["language"] ?? "")' is not a console language; use en, fr, ar or ru")
        }
        try await store.users.setLanguage(userID: user.id, language: language.rawValue)
        if let token = context.token { authenticator.forget(token) }
        // Back to the page the switch was made on, if it is one of ours.
        let back = form.value("back") ?? "/console"
        let ours = back.hasPrefix("/console") && !back.contains("//") && !back.contains("\\") && !back.contains("://")
        return ConsoleMiddleware.redirect(ours ? back : "/console")
    }
}
