import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LimesCore
import LimesServer
import LimesStore

/// The API fixture's country served with the console.
extension APIFixture {
    func consoleApplication(
        limits: LoginThrottle.Limits = .init(),
        secureCookies: Bool = false,
        resources: String = ConsoleRenderer.builtInResources
    ) async throws -> some ApplicationProtocol {
        var configuration = configuration
        configuration.loginLimits = limits
        configuration.secureCookies = secureCookies
        let console = try await ConsoleRenderer(resources: resources)
        return buildApplication(configuration, store: store, screening: screening, today: Self.today, console: console)
    }
}

/// A page as a browser gets it.
struct Page {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var html: String

    var location: String? { headers[.location] }

    /// The value of the first hidden input with this name.
    func field(_ name: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}

/// A browser's memory of cookies, enough for the console's forms.
final class CookieJar: @unchecked Sendable {
    var cookies: [String: String] = [:]

    var header: String { cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

    func take(_ headers: HTTPFields) {
        for line in headers[values: .setCookie] {
            let pair = line.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let name = String(pair[0]).trimmingCharacters(in: .whitespaces)
            if line.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = String(pair[1]) }
        }
    }
}

extension TestClientProtocol {
    func page(_ method: HTTPRequest.Method, _ uri: String, jar: CookieJar, form: [(String, String)]? = nil) async throws -> Page {
        var headers: HTTPFields = [:]
        if !jar.cookies.isEmpty { headers[.cookie] = jar.header }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            body = ByteBuffer(
                string: form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
            )
        }
        return try await execute(uri: uri, method: method, headers: headers, body: body) { response in
            jar.take(response.headers)
            return Page(status: response.status, headers: response.headers, html: String(buffer: response.body))
        }
    }

    /// A form sent as a browser sends it, following a redirect (303) to the page it names:
    /// the console answers a check with post, redirect, get.
    func pageFollowing(_ method: HTTPRequest.Method, _ uri: String, jar: CookieJar, form: [(String, String)]? = nil) async throws -> Page {
        let first = try await page(method, uri, jar: jar, form: form)
        guard first.status == .seeOther, let location = first.location else { return first }
        return try await page(.get, location, jar: jar)
    }

    /// Logs in through the login form; the jar then holds the session.
    func consoleLogin(_ username: String, jar: CookieJar, password: String = APIFixture.password) async throws -> Page {
        let form = try await page(.get, "/console/login", jar: jar)
        return try await page(
            .post,
            "/console/login",
            jar: jar,
            form: [("_csrf", form.field("_csrf") ?? ""), ("lang", "en"), ("username", username), ("password", password)]
        )
    }
}
