import Foundation
import Hummingbird
import LimesCore
import LimesStore
import Synchronization

/// Finds the session behind a request's bearer token (or, for reads, the console's cookie).
/// Sessions are remembered for a few seconds so that a busy booth does not cost a database
/// read per request; a logout or a changed user is seen within that time.
public final class SessionAuthenticator: RouterMiddleware, Sendable {
    public typealias Context = LimesRequestContext
    static let cookieName = "limes_session"

    let store: Store
    let webIdleSeconds: Int64
    let cacheSeconds: Int64
    private let cache = Mutex<[String: (session: Session, until: Timestamp)]>([:])

    public init(store: Store, webIdleSeconds: Int64, cacheSeconds: Int64 = 15) {
        self.store = store
        self.webIdleSeconds = webIdleSeconds
        self.cacheSeconds = cacheSeconds
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let token = token(in: request) {
            context.token = token
            context.session = try await session(for: token)
        }
        return try await next(request, context)
    }

    func token(in request: Request) -> String? {
        if let header = request.headers[.authorization], let token = Self.bearerToken(header) { return token }
        // A cookie rides along with any request a browser makes, so it may only read: writes
        // need the bearer token (or, with the console, a CSRF token).
        guard request.method == .get || request.method == .head, let cookie = request.cookies[Self.cookieName] else { return nil }
        return cookie.value
    }

    /// The token of an `Authorization: Bearer …` header. Read byte by byte: this runs on every
    /// request, and lowercasing and trimming with Foundation cost more than the rest of it.
    static func bearerToken(_ header: String) -> String? {
        let bytes = header.utf8
        guard bytes.count > 7, bytes.prefix(6).elementsEqual("bearer".utf8, by: { $0 | 0x20 == $1 }) else { return nil }
        var rest = bytes.dropFirst(6)
        guard rest.first == UInt8(ascii: " ") else { return nil }
        while rest.first == UInt8(ascii: " ") || rest.first == UInt8(ascii: "\t") { rest = rest.dropFirst() }
        while rest.last == UInt8(ascii: " ") || rest.last == UInt8(ascii: "\t") { rest = rest.dropLast() }
        return rest.isEmpty ? nil : String(Substring(rest))
    }

    func session(for token: String) async throws -> Session? {
        let now = Timestamp()
        if let cached = cache.withLock({ $0[token] }), cached.until > now, cached.session.expiresAt > now { return cached.session }
        let session = try await store.users.session(token: token, webIdleSeconds: webIdleSeconds)
        cache.withLock { entries in
            if entries.count > 10_000 { entries.removeAll() }
            if let session { entries[token] = (session, now.adding(seconds: cacheSeconds)) } else { entries[token] = nil }
        }
        return session
    }

    /// Drops every remembered session: after a change that reaches many users at once (an
    /// agency's mandate), so that none of them works on the old one for the cache's seconds.
    func forgetAll() {
        cache.withLock { $0.removeAll() }
    }

    func forget(_ token: String) {
        _ = cache.withLock { $0.removeValue(forKey: token) }
    }
}

extension LimesRequestContext {
    /// The user, who must hold `permission`; else 401 or 403 with what is missing.
    func require(_ permission: Permission) throws -> User {
        guard let user = session?.user else { throw APIError.unauthenticated }
        guard user.may(permission) else {
            if user.rolePermissions.contains(permission), let agency = user.agencyID {
                throw APIError.outsideMandate(of: agency, permission.rawValue.replacingOccurrences(of: "_", with: " "))
            }
            let roles = user.roles.map(\.rawValue).sorted().joined(separator: ", ")
            throw APIError.forbiddenByRole("your roles (\(roles)) do not allow \(permission.rawValue.replacingOccurrences(of: "_", with: " "))")
        }
        return user
    }

    /// The user, who must hold one of `permissions`; else the refusal for the first of them.
    func requireAny(_ permissions: Permission...) throws -> User {
        let user = try requireUser()
        if permissions.contains(where: user.may) { return user }
        return try require(permissions[0])
    }

    func requireUser() throws -> User {
        guard let user = session?.user else { throw APIError.unauthenticated }
        return user
    }
}

extension User {
    /// Refuses work at a BCP the user is not assigned to.
    func requireBCP(_ code: String) throws {
        guard worksAt(code) else {
            let assigned = bcps.isEmpty ? "none" : bcps.sorted().joined(separator: ", ")
            throw APIError(.forbidden, code: "not_assigned", field: "bcp", "you are not assigned to BCP \(code) (assigned: \(assigned))")
        }
    }
}
