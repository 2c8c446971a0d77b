import LimesCore
import LimesStore
import Logging
import ServiceLifecycle

/// Gathers whole months of crossings into the monthly rollup, as a service of the server: at
/// start, then every hour. Figures over long periods then read a few rows per month; a month is
/// gathered the day after it ends, and crossings of it that arrive later are added to both.
public struct StatisticsCompactor: Service {
    let store: Store
    let interval: Duration
    let logger: Logger

    public init(store: Store, interval: Duration = .seconds(3600), logger: Logger = Logger(label: "limes.statistics")) {
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let bands = try await store.settings.statistics().ageBands
                    let months = try await store.statistics.compact(bands: bands, today: .today())
                    if months > 0 { logger.info("months gathered into the monthly rollup", metadata: ["months": "\(months)"]) }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("gathering months failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
