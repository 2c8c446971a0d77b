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
              LIMES_NODE_ID               this post's node id (with --post)
              LIMES_HEADQUARTERS_URL      this post's headquarters (with --post)

            A post (--post) records everything in its own embedded database, works while \
            headquarters cannot be reached, sends what it records in signed batches and takes \
            users, alerts and policy from headquarters. Enrol it first at headquarters with the \
            key `limes node key` prints on the post.
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

    @Flag(help: "Serve as a border post that syncs with --headquarters (embedded SQLite only).")
    var post = false

    @Option(name: .customLong("node-id"), help: "This post's node id, as headquarters enrolled it (default: LIMES_NODE_ID).")
    var nodeID: String?

    @Option(help: "Headquarters' address, https://... (default: LIMES_HEADQUARTERS_URL).")
    var headquarters: String?

    @Option(
        name: .customLong("headquarters-ca"),
        help: "PEM file of the certificate(s) to trust for headquarters instead of the system's authorities (pinning)."
    )
    var headquartersCA: String?

    @Option(name: .customLong("sync-interval"), help: "Seconds between a post's rounds with headquarters.")
    var syncInterval: Int = 5

    @Option(
        name: .customLong("stale-after"),
        help: "Minutes after which a post's verdicts say its copy of the service's crossings is too old to count every stay."
    )
    var staleAfter: Int = 60

    /// Tests send small batches to cut a sync into many exchanges.
    @Option(name: .customLong("sync-batch-size"), help: .hidden)
    var syncBatchSize: Int = 1_000

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
        if post {
            let environment = store.environment
            guard let nodeID = nodeID ?? environment["LIMES_NODE_ID"], !nodeID.isEmpty else {
                throw ValidationError("--post needs --node-id (or LIMES_NODE_ID): the id headquarters enrolled this post under")
            }
            guard let headquarters = headquarters ?? environment["LIMES_HEADQUARTERS_URL"], !headquarters.isEmpty else {
                throw ValidationError("--post needs --headquarters (or LIMES_HEADQUARTERS_URL): headquarters' address")
            }
            guard (1...3600).contains(syncInterval) else { throw ValidationError("--sync-interval must be 1 to 3600 seconds, got \(syncInterval)") }
            guard case .sqlite = storeConfiguration.engine else {
                throw ValidationError("a post runs on the embedded SQLite database: leave out --database-url postgres://...")
            }
            var settings = PostSettings(nodeID: nodeID, headquarters: headquarters, trustedCertificates: headquartersCA)
            settings.interval = .seconds(syncInterval)
            guard (1...5000).contains(syncBatchSize) else { throw ValidationError("--sync-batch-size must be 1 to 5000, got \(syncBatchSize)") }
            settings.batchSize = syncBatchSize
            guard (1...43_200).contains(staleAfter) else { throw ValidationError("--stale-after must be 1 to 43200 minutes, got \(staleAfter)") }
            settings.staleAfterSeconds = Int64(staleAfter) * 60
            do { try settings.validate() } catch { throw ValidationError("\(error)") }
            configuration.post = settings
        }
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
        var configuration = configuration
        let screening = ScreeningState()
        // The index builds in the background: the server answers /health at once and says
        // when screening is ready.
        let refresher = WatchlistRefresher(store: store, state: screening)
        var services: [any Service] = [refresher, StatisticsCompactor(store: store)]
        if let post = configuration.post {
            _ = try await store.outbox.serveAsPost(nodeID: post.nodeID, headquarters: post.headquarters)
            services.append(SyncClient(store: store, settings: post))
        } else if let identity = try await store.outbox.identity() {
            throw StoreError(
                "this database is post \(identity.nodeID)'s: serve it with limes serve --post --node-id \(identity.nodeID) --headquarters \(identity.headquarters)"
            )
        } else {
            // Headquarters: the line to partner countries, signed with its own key.
            if let path = configuration.store.exchangeKeyPath { configuration.exchangeKey = try ExchangeKey.loadOrCreate(path: path) }
            services.append(ExchangeClient(store: store, key: configuration.exchangeKey))
        }
        let console = try await ConsoleRenderer(
            resources: configuration.consoleResources ?? ConsoleRenderer.builtInResources,
            arabicLocale: configuration.arabicLocale
        )
        return buildApplication(configuration, store: store, screening: screening, services: services, console: console)
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
