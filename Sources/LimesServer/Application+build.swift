import Hummingbird
import LimesCore
import LimesStore
import Logging
import ServiceLifecycle

/// The server: health always; the API when a store is given.
public func buildApplication(
    _ configuration: ServerConfiguration,
    store: Store? = nil,
    screening: ScreeningState? = nil,
    services: [any Service] = [],
    today: CalendarDate? = nil,
    console: ConsoleRenderer? = nil
) -> some ApplicationProtocol {
    var logger = Logger(label: "limes")
    logger.logLevel = configuration.logLevel
    let router = buildRouter(configuration, store: store, screening: screening, today: today, console: console)
    let startupLogger = logger
    return Application(
        responder: HeadResponder(base: router.buildResponder()),
        server: .http1(configuration: .init(idleTimeout: .seconds(configuration.idleTimeoutSeconds))),
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

public func buildRouter(
    _ configuration: ServerConfiguration,
    store: Store? = nil,
    screening: ScreeningState? = nil,
    today: CalendarDate? = nil,
    console: ConsoleRenderer? = nil
) -> Router<LimesRequestContext> {
    let router = Router(context: LimesRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware())
    // Requests by route (the pattern, never an id) and status, for /metrics.
    router.add(middleware: MetricsMiddleware())
    HealthController(store: store, screening: screening, logger: Logger(label: "limes.health")).addRoutes(to: router)
    OpenAPIController().addRoutes(to: router)
    guard let store else { return router }
    let authenticator = SessionAuthenticator(store: store, webIdleSeconds: configuration.webIdleSeconds)
    let service = CheckService(store: store, screening: screening, today: today, staleAfterSeconds: configuration.post?.staleAfterSeconds)
    var securityLogger = Logger(label: "limes.security")
    securityLogger.logLevel = configuration.logLevel
    let trail = SecurityTrailMiddleware(store: store, logger: securityLogger)
    let api = router.group("api/v1").add(middleware: authenticator).add(middleware: trail).add(middleware: ErrorMappingMiddleware())
    let throttle = LoginThrottle(limits: configuration.loginLimits, store: store, logger: securityLogger)
    AuthController(store: store, authenticator: authenticator, settings: configuration, throttle: throttle).addRoutes(to: api)
    let checks = CheckController(store: store, service: service)
    checks.addRoutes(to: api)
    SecondLineController(store: store, service: service, checks: checks).addRoutes(to: api)
    TravellerController(store: store, service: service).addRoutes(to: api)
    AdminController(store: store, service: service).addRoutes(to: api)
    AgencyController(store: store, authenticator: authenticator).addRoutes(to: api)
    StatisticsController(store: store, service: service).addRoutes(to: api)
    let statistics = StatisticsService(store: store, now: { service.now() })
    FiguresController(store: store, statistics: statistics).addRoutes(to: api)
    ReleaseController(store: store, statistics: statistics).addRoutes(to: api)
    ProtectionController(store: store).addRoutes(to: api)
    PersonController(store: store).addRoutes(to: api)
    ReferralController(store: store).addRoutes(to: api)
    NodeController(store: store).addRoutes(to: api)
    if configuration.post == nil {
        ConflictController(store: store).addRoutes(to: api)
        let exchange = ExchangeController(store: store, key: configuration.exchangeKey)
        exchange.addRoutes(to: api)
        InformationRequestController(store: store).addRoutes(to: api)
        OneStopController(store: store, service: service).addRoutes(to: api)
        // Partners sign each message with their pinned key: no session.
        exchange.addDeliveryRoute(to: router.group("api/v1/exchange").add(middleware: ErrorMappingMiddleware()))
    }
    // Posts sign each request with their key: no session, so not behind the authenticator.
    SyncController(store: store).addRoutes(to: router.group("api/v1/sync").add(middleware: ErrorMappingMiddleware()))
    if let console {
        router.get("") { _, _ in ConsoleMiddleware.redirect("/console") }
        // Published releases need no login.
        PublicStatistics(store: store, renderer: console).addRoutes(to: router.group("public").add(middleware: ErrorMappingMiddleware()))
        let roundSeconds = configuration.post.map { $0.interval.components.seconds }
        let pages = router.group("console").add(
            middleware: ConsoleMiddleware(authenticator: authenticator, renderer: console, post: roundSeconds.map { (store, $0) })
        )
        .add(middleware: trail).add(middleware: ErrorMappingMiddleware())
        ConsoleAuthController(store: store, authenticator: authenticator, renderer: console, settings: configuration, throttle: throttle)
            .addRoutes(to: pages)
        FirstLineConsole(store: store, service: service, renderer: console).addRoutes(to: pages)
        SecondLineConsole(store: store, service: service, renderer: console).addRoutes(to: pages)
        TravellerConsole(store: store, renderer: console).addRoutes(to: pages)
        BCPTodayConsole(store: store, service: service, renderer: console).addRoutes(to: pages)
        AdminConsole(store: store, service: service, renderer: console).addRoutes(to: pages)
        AgencyConsole(store: store, renderer: console, authenticator: authenticator, atPost: configuration.post != nil).addRoutes(to: pages)
        if configuration.post == nil {
            ExchangeConsole(store: store, renderer: console, key: configuration.exchangeKey).addRoutes(to: pages)
            InformationRequestConsole(store: store, renderer: console).addRoutes(to: pages)
            OneStopConsole(store: store, service: service, renderer: console).addRoutes(to: pages)
        }
        ProtectionConsole(store: store, renderer: console).addRoutes(to: pages)
        VulnerabilityConsole(store: store, renderer: console).addRoutes(to: pages)
        ReferralConsole(store: store, renderer: console).addRoutes(to: pages)
        PersonsConsole(store: store, renderer: console).addRoutes(to: pages)
        ProtectionStatisticsConsole(store: store, renderer: console).addRoutes(to: pages)
        FiguresConsole(store: store, statistics: statistics, renderer: console).addRoutes(to: pages)
        ReleasesConsole(store: store, statistics: statistics, renderer: console).addRoutes(to: pages)
        if configuration.post == nil {
            NodesConsole(store: store, renderer: console).addRoutes(to: pages)
            ConflictsConsole(store: store, renderer: console).addRoutes(to: pages)
        }
        StaticFiles(renderer: console).addRoutes(to: pages)
        // Any other console address: the console's own page saying so, not a bare 404.
        pages.get("**") { _, _ -> Response in throw HTTPError(.notFound) }
    }
    return router
}
