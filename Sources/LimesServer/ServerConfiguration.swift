import LimesStore
import Logging

/// What `limes serve` is told: where to listen, how much to log, where the data lives, how
/// long sessions last.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var logLevel: Logger.Level
    public var store: StoreConfiguration
    /// A web session lapses after this long without use (`LIMES_SESSION_IDLE_MINUTES`).
    public var webIdleSeconds: Int64
    /// A booth device's token lasts this long (`LIMES_DEVICE_TOKEN_DAYS`).
    public var deviceTokenSeconds: Int64
    /// Cookies marked Secure: set when Limes is served over TLS (`LIMES_SECURE_COOKIES=1`).
    public var secureCookies: Bool
    /// A connection is closed when it has sent nothing for this long: while its request's headers
    /// are still arriving, and between requests on a kept-alive connection
    /// (`LIMES_IDLE_TIMEOUT_SECONDS`). One client that opens connections and never finishes them
    /// cannot hold the server's file descriptors.
    public var idleTimeoutSeconds: Int64 = 30
    /// Failed logins allowed per account and per address before a pause.
    public var loginLimits = LoginThrottle.Limits()
    /// How the console writes dates in Arabic (`LIMES_ARABIC_LOCALE`: `ar`, `ar_MA`, `ar_TN`,
    /// `ar_DZ`, `ar_EG`, `ar_LB`...); Modern Standard Arabic (`ar`) by default.
    public var arabicLocale = "ar"
    /// Where the console finds its templates, translations and static files; nil: the ones
    /// built into the program.
    public var consoleResources: String?
    /// Where `/metrics` is served (Prometheus text format): its own port, off unless set, and
    /// loopback unless told otherwise, since the figures are for the operators, not the public.
    public var metricsPort: Int?
    public var metricsHost = "127.0.0.1"
    /// Set when this server is a border post: its node id and its headquarters. Nil: headquarters.
    public var post: PostSettings?
    /// The key headquarters signs its messages to partner countries with (`limes serve` reads
    /// `exchange-signing.key` beside the audit key; a key of this process only otherwise).
    public var exchangeKey = ExchangeKey.ephemeral()

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        logLevel: Logger.Level = .info,
        store: StoreConfiguration,
        webIdleSeconds: Int64 = 30 * 60,
        deviceTokenSeconds: Int64 = 30 * 86_400,
        secureCookies: Bool = false
    ) {
        self.host = host
        self.port = port
        self.logLevel = logLevel
        self.store = store
        self.webIdleSeconds = webIdleSeconds
        self.deviceTokenSeconds = deviceTokenSeconds
        self.secureCookies = secureCookies
    }

    /// Reads the session settings from the environment, naming a variable that does not read.
    public mutating func apply(environment: [String: String]) throws(StoreConfiguration.Error) {
        if let text = environment["LIMES_SESSION_IDLE_MINUTES"], !text.isEmpty {
            guard let minutes = Int64(text), minutes >= 1 else {
                throw .init(variable: "LIMES_SESSION_IDLE_MINUTES", message: "'\(text)' is not a whole number of minutes of at least 1")
            }
            webIdleSeconds = minutes * 60
        }
        if let text = environment["LIMES_DEVICE_TOKEN_DAYS"], !text.isEmpty {
            guard let days = Int64(text), days >= 1 else {
                throw .init(variable: "LIMES_DEVICE_TOKEN_DAYS", message: "'\(text)' is not a whole number of days of at least 1")
            }
            deviceTokenSeconds = days * 86_400
        }
        if let text = environment["LIMES_IDLE_TIMEOUT_SECONDS"], !text.isEmpty {
            guard let seconds = Int64(text), (1...3600).contains(seconds) else {
                throw .init(variable: "LIMES_IDLE_TIMEOUT_SECONDS", message: "'\(text)' is not a whole number of seconds from 1 to 3600")
            }
            idleTimeoutSeconds = seconds
        }
        secureCookies = environment["LIMES_SECURE_COOKIES"] == "1"
        if let folder = environment["LIMES_CONSOLE_RESOURCES"], !folder.isEmpty { consoleResources = folder }
        if let locale = environment["LIMES_ARABIC_LOCALE"], !locale.isEmpty {
            guard locale == "ar" || locale.hasPrefix("ar_") else {
                throw .init(
                    variable: "LIMES_ARABIC_LOCALE",
                    message: "'\(locale)' is not an Arabic locale; write ar, ar_MA, ar_TN, ar_DZ, ar_EG, ar_LB..."
                )
            }
            arabicLocale = locale
        }
        if let text = environment["LIMES_METRICS_PORT"], !text.isEmpty {
            guard let port = Int(text), (1...65535).contains(port) else {
                throw .init(variable: "LIMES_METRICS_PORT", message: "'\(text)' is not a port from 1 to 65535")
            }
            metricsPort = port
        }
        if let host = environment["LIMES_METRICS_HOST"], !host.isEmpty { metricsHost = host }
    }
}
