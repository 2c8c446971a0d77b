import Foundation

/// Where Limes keeps its data: an embedded SQLite file by default, PostgreSQL when
/// `LIMES_DATABASE_URL` names one.
public struct StoreConfiguration: Sendable, Hashable, CustomStringConvertible {
    public enum Engine: Sendable, Hashable {
        /// A SQLite file; its folder is created when missing.
        case sqlite(path: String)
        case postgres(Postgres)
    }

    public struct Postgres: Sendable, Hashable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        /// From the URL's `sslmode`: `disable`, `require` (encrypted, the server's certificate not
        /// checked) or `verify-full` (encrypted, certificate and host name checked). Without it:
        /// `disable` on loopback only, `verify-full` for any other host.
        public var tls: TLSMode = .verifyFull

        public enum TLSMode: String, Sendable, Hashable {
            case disable
            case require
            case verifyFull = "verify-full"
        }

        public init(host: String, port: Int, username: String, password: String?, database: String, tls: TLSMode? = nil) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.tls = tls ?? (Self.isLoopback(host) ? .disable : .verifyFull)
        }

        static func isLoopback(_ host: String) -> Bool {
            host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
        }
    }

    public struct Error: Swift.Error, Sendable, Hashable, CustomStringConvertible {
        /// The environment variable at fault.
        public var variable: String
        public var message: String
        public var description: String { "\(variable): \(message)" }

        public init(variable: String, message: String) {
            self.variable = variable
            self.message = message
        }
    }

    /// Where the key that signs the audit chain comes from.
    public enum AuditKeySource: Sendable, Hashable {
        /// A file outside the database, created (mode 0600) at first start.
        case file(String)
        /// A key that lives in this process only: for a memory database and tests.
        case ephemeral
    }

    public var engine: Engine
    public var auditKey: AuditKeySource

    /// `auditKey` defaults to `audit-signing.key` beside a SQLite file, and to an ephemeral key
    /// for a memory database; a PostgreSQL store must name its key file.
    public init(engine: Engine, auditKey: AuditKeySource? = nil) {
        self.engine = engine
        if let auditKey {
            self.auditKey = auditKey
        } else if case .sqlite(let path) = engine {
            self.auditKey = path == ":memory:" ? .ephemeral : .file(Self.keyPath(beside: path))
        } else {
            // Store.open refuses this with a message that names LIMES_AUDIT_KEY_FILE.
            self.auditKey = .file("")
        }
    }

    /// The key headquarters signs its messages to partner countries with: `exchange-signing.key`
    /// beside the audit key; nil where the audit key lives in the process only.
    public var exchangeKeyPath: String? {
        guard case .file(let path) = auditKey, !path.isEmpty else { return nil }
        return ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("exchange-signing.key")
    }

    static func keyPath(beside database: String) -> String {
        ((database as NSString).deletingLastPathComponent as NSString).appendingPathComponent("audit-signing.key")
    }

    /// Reads `LIMES_DATABASE_URL` (`sqlite:PATH`, `sqlite:///ABSOLUTE/PATH`, `postgres://...`),
    /// `LIMES_DATA_DIR` (default `data`: the default SQLite file, and the audit key for
    /// PostgreSQL) and `LIMES_AUDIT_KEY_FILE` (default `audit-signing.key` beside the SQLite
    /// file, or in the data folder).
    public init(environment: [String: String]) throws(Error) {
        let folder = environment["LIMES_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "data"
        let engine = try Self.engine(environment: environment, folder: folder)
        if let file = environment["LIMES_AUDIT_KEY_FILE"], !file.isEmpty {
            self.init(engine: engine, auditKey: .file(file))
        } else if case .postgres = engine {
            self.init(engine: engine, auditKey: .file((folder as NSString).appendingPathComponent("audit-signing.key")))
        } else {
            self.init(engine: engine)
        }
    }

    private static func engine(environment: [String: String], folder: String) throws(Error) -> Engine {
        let url = environment["LIMES_DATABASE_URL"]?.trimmingCharacters(in: .whitespaces) ?? ""
        if url.isEmpty {
            return .sqlite(path: (folder as NSString).appendingPathComponent("limes.sqlite"))
        }
        if url.hasPrefix("sqlite:") {
            var path = String(url.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else {
                throw Error(variable: "LIMES_DATABASE_URL", message: "'\(url)' names no file; write sqlite:PATH or sqlite:///ABSOLUTE/PATH")
            }
            return .sqlite(path: path)
        }
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
            throw Error(variable: "LIMES_DATABASE_URL", message: "'\(Self.redacted(url))' is neither sqlite:PATH nor postgres://USER@HOST/DATABASE")
        }
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw Error(
                variable: "LIMES_DATABASE_URL",
                message: "'\(Self.redacted(url))' has no host; write postgres://USER:PASSWORD@HOST:PORT/DATABASE"
            )
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else {
            throw Error(variable: "LIMES_DATABASE_URL", message: "'\(Self.redacted(url))' names no database after the host")
        }
        guard let username = components.user, !username.isEmpty else {
            throw Error(variable: "LIMES_DATABASE_URL", message: "'\(Self.redacted(url))' names no user before the host")
        }
        var tls: Postgres.TLSMode?
        if let mode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value {
            guard let parsed = Postgres.TLSMode(rawValue: mode) else {
                throw Error(variable: "LIMES_DATABASE_URL", message: "sslmode '\(mode)' is not one of disable, require, verify-full")
            }
            tls = parsed
        }
        return .postgres(
            Postgres(host: host, port: components.port ?? 5432, username: username, password: components.password, database: database, tls: tls)
        )
    }

    /// Safe to log: never shows a password.
    public var description: String {
        switch engine {
        case .sqlite(let path): return "SQLite at \(path)"
        case .postgres(let p): return "PostgreSQL \(p.username)@\(p.host):\(p.port)/\(p.database) (TLS \(p.tls.rawValue))"
        }
    }

    /// The URL with any password replaced, for error messages that end up in logs.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "****"
        return components.string ?? url
    }
}
