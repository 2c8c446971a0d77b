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

    public var engine: Engine

    public init(engine: Engine) {
        self.engine = engine
    }

    /// Reads `LIMES_DATABASE_URL` (`sqlite:PATH`, `sqlite:///ABSOLUTE/PATH`, `postgres://...`)
    /// and, for the default SQLite file, `LIMES_DATA_DIR` (default `data`).
    public init(environment: [String: String]) throws(Error) {
        let url = environment["LIMES_DATABASE_URL"]?.trimmingCharacters(in: .whitespaces) ?? ""
        if url.isEmpty {
            let folder = environment["LIMES_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "data"
            engine = .sqlite(path: (folder as NSString).appendingPathComponent("limes.sqlite"))
            return
        }
        if url.hasPrefix("sqlite:") {
            var path = String(url.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else {
                throw Error(variable: "LIMES_DATABASE_URL", message: "'\(url)' names no file; write sqlite:PATH or sqlite:///ABSOLUTE/PATH")
            }
            engine = .sqlite(path: path)
            return
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
        engine = .postgres(
            Postgres(host: host, port: components.port ?? 5432, username: username, password: components.password, database: database)
        )
    }

    /// Safe to log: never shows a password.
    public var description: String {
        switch engine {
        case .sqlite(let path): return "SQLite at \(path)"
        case .postgres(let p): return "PostgreSQL \(p.username)@\(p.host):\(p.port)/\(p.database)"
        }
    }

    /// The URL with any password replaced, for error messages that end up in logs.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "****"
        return components.string ?? url
    }
}
