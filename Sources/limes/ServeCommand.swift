import ArgumentParser
import Foundation
import LimesServer
import LimesStore
import Logging

/// `limes serve`: runs the HTTP server until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Limes HTTP server."
    )

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 8080

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, got \(port)") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level '\(logLevel)' is not one of trace, debug, info, notice, warning, error, critical")
        }
    }

    func run() async throws {
        let storeConfiguration: StoreConfiguration
        do {
            storeConfiguration = try StoreConfiguration(environment: ProcessInfo.processInfo.environment)
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
            try configuration.apply(environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError("\(error)")
        }
        let store = try await Store.open(storeConfiguration)
        try await Self.serve(configuration, store: store)
    }

    /// Serves until SIGINT or SIGTERM, then closes the store.
    static func serve(_ configuration: ServerConfiguration, store: Store) async throws {
        let screening = ScreeningState()
        // The index builds in the background: the server answers /health at once and says
        // when screening is ready.
        let refresher = WatchlistRefresher(store: store, state: screening)
        let console = try await ConsoleRenderer(
            resources: configuration.consoleResources ?? ConsoleRenderer.builtInResources,
            arabicLocale: configuration.arabicLocale
        )
        let app = buildApplication(configuration, store: store, screening: screening, services: [refresher], console: console)
        do {
            try await app.runService()
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }
}
