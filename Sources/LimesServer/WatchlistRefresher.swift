import LimesCore
import LimesStore
import Logging
import ServiceLifecycle

/// Loads the watchlists into the screening index at start, and again whenever an import (by
/// this server or `limes watchlist import` beside it) changes them: no restart needed.
public struct WatchlistRefresher: Service {
    let store: Store
    let state: ScreeningState
    let interval: Duration
    let logger: Logger

    public init(store: Store, state: ScreeningState, interval: Duration = .seconds(5), logger: Logger = Logger(label: "limes.screening")) {
        self.store = store
        self.state = state
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        // A server stopping (SIGTERM, end of a test) ends the loop at once.
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await refreshIfChanged()
                } catch is CancellationError {
                    return
                } catch {
                    // A failed reload keeps the index that works and tries again later.
                    logger.error("watchlist reload failed; screening keeps the previous index", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Rebuilds the index if the stored watchlists changed since it was built.
    public func refreshIfChanged() async throws {
        let version = try await store.watchlist.watchlistVersion()
        guard version != (await state.builtVersion) else { return }
        let started = ContinuousClock.now
        let alerts = try await store.watchlist.alerts()
        let loaded = ContinuousClock.now
        let index = ScreeningIndex(alerts: alerts)
        await state.install(index, version: version)
        ServerMetrics.screeningIndexBuilt(alerts: alerts.count, version: version)
        logger.notice(
            "screening index ready",
            metadata: [
                "alerts": "\(alerts.count)", "version": "\(version)",
                "load": "\(loaded - started)", "build": "\(ContinuousClock.now - loaded)",
            ]
        )
    }
}
