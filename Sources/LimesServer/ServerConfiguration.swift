import LimesStore
import Logging

/// What `limes serve` is told: where to listen, how much to log, where the data lives.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var logLevel: Logger.Level
    public var store: StoreConfiguration

    public init(host: String = "127.0.0.1", port: Int = 8080, logLevel: Logger.Level = .info, store: StoreConfiguration) {
        self.host = host
        self.port = port
        self.logLevel = logLevel
        self.store = store
    }
}
