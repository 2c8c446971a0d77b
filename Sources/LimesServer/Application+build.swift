import Hummingbird
import LimesCore
import Logging
import ServiceLifecycle

/// Builds the whole server, so `limes serve` and the tests run the same application.
///
/// - Parameters:
///   - screening: the index the server screens with, kept current by `services`.
///   - services: long-running parts started and stopped with the server (the watchlist refresher).
public func buildApplication(
    _ configuration: ServerConfiguration,
    screening: ScreeningState? = nil,
    services: [any Service] = []
) -> some ApplicationProtocol {
    var logger = Logger(label: "limes")
    logger.logLevel = configuration.logLevel
    let router = buildRouter(screening: screening)
    let startupLogger = logger
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Limes"),
        services: services,
        onServerRunning: { channel in
            startupLogger.notice(
                "Limes \(Limes.version) listening",
                metadata: ["address": "\(channel.localAddress?.description ?? "?")", "store": "\(configuration.store)"]
            )
        },
        logger: logger
    )
}

/// The routes, kept apart from the application so tests can reach them without a socket.
public func buildRouter(screening: ScreeningState? = nil) -> Router<BasicRequestContext> {
    let router = Router()
    HealthController(screening: screening).addRoutes(to: router)
    return router
}
