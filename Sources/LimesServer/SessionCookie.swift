import Hummingbird

/// The cookies Limes sets, built in one place for the API and the console: HttpOnly, SameSite
/// strict, and Secure when Limes runs behind TLS (`LIMES_SECURE_COOKIES=1`).
enum SessionCookie {
    /// The session of a web login, for the whole site.
    static func session(_ token: String, settings: ServerConfiguration) -> Cookie {
        Cookie(name: SessionAuthenticator.cookieName, value: token, path: "/", secure: settings.secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// Ends the session in the browser.
    static func expired(settings: ServerConfiguration) -> Cookie {
        Cookie(
            name: SessionAuthenticator.cookieName,
            value: "",
            maxAge: 0,
            path: "/",
            secure: settings.secureCookies,
            httpOnly: true,
            sameSite: .strict
        )
    }

    /// The login form's own token, for the console only.
    static func loginForm(_ token: String, name: String, settings: ServerConfiguration) -> Cookie {
        Cookie(name: name, value: token, path: "/console", secure: settings.secureCookies, httpOnly: true, sameSite: .strict)
    }
}
