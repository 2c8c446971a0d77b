import Hummingbird
import LimesCore
import Logging

/// Builds the whole server, so `limes serve` and the tests run the same application.
public func buildApplication(_ configuration: ServerConfiguration) -> some ApplicationProtocol {
    var logger = Logger(label: "limes")
    logger.logLevel = configuration.logLevel
    let router = buildRouter()
    let startupLogger = logger
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Limes"),
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
public func buildRouter() -> Router<BasicRequestContext> {
    let router = Router()
    HealthController().addRoutes(to: router)
    return router
}
