import LimesCore
import LimesStore
import Logging
import ServiceLifecycle

/// Loads the watchlists into the screening index at start, and again whenever an import (by
/// this server or `limes watchlist import` beside it) or a post's copy from headquarters changes
/// them: no restart needed. It asks for the version every second, one small read, so that an
/// alert reaches the booths within a second of being stored.
public struct WatchlistRefresher: Service {
    let store: Store
    let state: ScreeningState
    let interval: Duration
    let logger: Logger

    public init(store: Store, state: ScreeningState, interval: Duration = .seconds(1), logger: Logger = Logger(label: "limes.screening")) {
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

    /// Brings the index to the stored watchlists if they changed since it was built: a small
    /// change is applied to the index in place of a whole build.
    public func refreshIfChanged() async throws {
        let version = try await store.watchlist.watchlistVersion()
        let built = await state.builtVersion
        guard version != built else { return }
        if built >= 0, let index = await state.current, let changes = try await store.watchlist.changes(since: built), index.follows(changes) {
            let started = ContinuousClock.now
            let updated = index.applying(changes)
            await state.install(updated, version: changes.version)
            ServerMetrics.screeningIndexBuilt(alerts: updated.alertCount, version: changes.version)
            logger.notice(
                "screening index updated",
                metadata: [
                    "changed": "\(changes.changed.count)", "removed": "\(changes.removed.count)", "alerts": "\(updated.alertCount)",
                    "version": "\(changes.version)", "took": "\(ContinuousClock.now - started)",
                ]
            )
            return
        }
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
