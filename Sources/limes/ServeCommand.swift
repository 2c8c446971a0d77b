import ArgumentParser
import Foundation
import LimesServer
import LimesStore
import Logging
import ServiceLifecycle

/// `limes serve`: runs the HTTP server until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Limes HTTP server.",
        discussion: """
            Environment variables it reads (the options above win over them):
              LIMES_DATABASE_URL          sqlite:PATH or postgres://USER@HOST/DB
              LIMES_DATA_DIR              embedded database and audit key (data)
              LIMES_AUDIT_KEY_FILE        key signing the audit chain
              LIMES_SESSION_IDLE_MINUTES  web session idle limit (30)
              LIMES_DEVICE_TOKEN_DAYS     booth device token lifetime (30)
              LIMES_SECURE_COOKIES        1: Secure cookies (behind TLS)
              LIMES_IDLE_TIMEOUT_SECONDS  close idle connections after (30)
              LIMES_ARABIC_LOCALE         Arabic dates: ar, ar_MA, ar_EG... (ar)
              LIMES_CONSOLE_RESOURCES     templates and translations folder
              LIMES_SQLITE_GROUP_COMMIT   0: commit each transaction alone
              LIMES_METRICS_PORT          serve /metrics on this port
              LIMES_METRICS_HOST          address for /metrics (127.0.0.1)
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 8080

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @Option(help: "Log lines as text, or json: one JSON object per line, for a log collector.")
    var logFormat: LogFormat = .text

    @Option(help: "Serve /metrics (Prometheus text format) on this port; off when not given.")
    var metricsPort: Int?

    @Option(help: "Address for /metrics: keep it on loopback or an operators' network.")
    var metricsHost: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, got \(port)") }
        if let metricsPort, !(1...65535).contains(metricsPort) {
            throw ValidationError("--metrics-port must be between 1 and 65535, got \(metricsPort)")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level '\(logLevel)' is not one of trace, debug, info, notice, warning, error, critical")
        }
    }

    func run() async throws {
        let storeConfiguration: StoreConfiguration
        do {
            storeConfiguration = try store.configuration()
        } catch {
            throw ValidationError("\(error)")
        }
        var configuration = ServerConfiguration(
            host: host,
            port: port,
            logLevel: Logger.Level(rawValue: logLevel) ?? .info,
            store: storeConfiguration
        )
        do {
            try configuration.apply(environment: store.environment)
        } catch {
            throw ValidationError("\(error)")
        }
        if let metricsPort { configuration.metricsPort = metricsPort }
        if let metricsHost { configuration.metricsHost = metricsHost }
        logFormat.bootstrap(level: configuration.logLevel)
        // One service group: PostgreSQL's pool (when there is one) first, then the server, which
        // opens the store on it. SIGINT or SIGTERM stops the server first, then the pool.
        let logger = Logger(label: "limes")
        let pool = DatabasePool.make(for: storeConfiguration)
        // Metrics are bootstrapped before the store opens: a metric made before the bootstrap
        // (the first migration's transaction count) would report nowhere for the process's life.
        let metrics = configuration.metricsPort.map {
            MetricsEndpoint.start(host: configuration.metricsHost, port: $0, logger: Logger(label: "limes.metrics"))
        }
        let server = ServerService(configuration: configuration, pool: pool)
        let services: [any Service] = (pool.map { [$0] } ?? []) + (metrics.map { [$0] } ?? []) + [server]
        try await ServiceGroup(
            configuration: .init(services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        ).run()
    }

    /// The server as a service: opens the store (on the group's pool), serves, closes the store.
    struct ServerService: Service {
        let configuration: ServerConfiguration
        let pool: DatabasePool?

        func run() async throws {
            let store = try await Store.open(configuration.store, pool: pool)
            do {
                try await ServeCommand.application(configuration, store: store).run()
            } catch {
                try? await store.close()
                throw error
            }
            try await store.close()
        }
    }

    /// Serves until SIGINT or SIGTERM, then closes the store (the demo's embedded store).
    static func serve(_ configuration: ServerConfiguration, store: Store) async throws {
        do {
            let metrics = configuration.metricsPort.map {
                MetricsEndpoint.start(host: configuration.metricsHost, port: $0, logger: Logger(label: "limes.metrics"))
            }
            let app = try await application(configuration, store: store)
            let services: [any Service] = (metrics.map { [$0] } ?? []) + [app]
            try await ServiceGroup(
                configuration: .init(
                    services: services.map { .init(service: $0) },
                    gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: Logger(label: "limes")
                )
            ).run()
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    /// The server with its service: the watchlist refresher.
    static func application(_ configuration: ServerConfiguration, store: Store) async throws -> any Service {
        let screening = ScreeningState()
        // The index builds in the background: the server answers /health at once and says
        // when screening is ready.
        let refresher = WatchlistRefresher(store: store, state: screening)
        let console = try await ConsoleRenderer(
            resources: configuration.consoleResources ?? ConsoleRenderer.builtInResources,
            arabicLocale: configuration.arabicLocale
        )
        return buildApplication(configuration, store: store, screening: screening, services: [refresher], console: console)
    }
}

/// How log lines are written.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json

    /// Once per process, before the first logger is made.
    func bootstrap(level: Logger.Level) {
        switch self {
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        case .json:
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
