import Foundation
import LimesCore
import Metrics

/// What the server reports to swift-metrics, for the operators who run Limes (a no-op until
/// `limes serve --metrics-port` bootstraps Prometheus). Requests by route and status come from
/// Hummingbird's `MetricsMiddleware` (`hb_requests_total`, `hb_request_duration_seconds`).
enum ServerMetrics {
    /// A first-line check from request to answer, by verdict.
    static func checked(_ verdict: Verdict.Level, seconds: Double) {
        checkTimers[verdict]?.recordNanoseconds(Int64(seconds * 1e9))
    }

    /// A decision from request to record, by decision and stage.
    static func decided(_ decision: Decision, stage: CheckStage, seconds: Double) {
        decisionTimers[stage.rawValue + "/" + decision.rawValue]?.recordNanoseconds(Int64(seconds * 1e9))
    }

    // Made once, on the booth path's first use (after `limes serve` bootstraps the backend),
    // rather than looked up in the metrics factory on every request.
    private static let checkTimers = Dictionary(
        uniqueKeysWithValues: Verdict.Level.allCases.map {
            ($0, Timer(label: "limes_check_duration_seconds", dimensions: [("verdict", $0.rawValue)]))
        }
    )
    private static let decisionTimers = Dictionary(
        uniqueKeysWithValues: CheckStage.allCases.flatMap { stage in
            Decision.allCases.map { decision in
                (
                    stage.rawValue + "/" + decision.rawValue,
                    Timer(label: "limes_decision_duration_seconds", dimensions: [("decision", decision.rawValue), ("stage", stage.rawValue)])
                )
            }
        }
    )

    /// The screening index installed: its size, watchlist version and when it was built.
    static func screeningIndexBuilt(alerts: Int, version: Int) {
        Gauge(label: "limes_screening_alerts").record(alerts)
        Gauge(label: "limes_screening_watchlist_version").record(version)
        // Its age is time() minus this, in Prometheus.
        Gauge(label: "limes_screening_built_timestamp_seconds").record(Date().timeIntervalSince1970)
    }

    static let loginFailures = Counter(label: "limes_login_failures_total")
    static let loginsThrottled = Counter(label: "limes_logins_throttled_total")
}
