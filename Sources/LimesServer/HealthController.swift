import Hummingbird
import LimesCore
import LimesStore
import Logging

/// `/health`: for load balancers, booth devices and the operators' monitoring. 200 while the
/// process can serve checks; 503 with the reason when it cannot (the database cannot be read,
/// the screening index is not built yet). Counts only: no personal data, and no connection
/// details (those go to the log).
struct HealthController {
    let store: Store?
    let screening: ScreeningState?
    let logger: Logger

    struct Health: ResponseEncodable, APIBody {
        var status: String
        var version: String
        /// `sqlite` or `postgres`; absent when the server runs without a store.
        var engine: String?
        var reason: String?
        var screening: ScreeningState.Status?
    }

    func addRoutes(to router: Router<LimesRequestContext>) {
        router.get("/health") { _, _ -> Response in
            var health = Health(status: "ok", version: Limes.version, engine: store?.engine.rawValue, screening: await screening?.status)
            var problems: [String] = []
            if let store {
                do {
                    try await store.ping()
                } catch {
                    logger.error("health: the database cannot be read", metadata: ["error": "\(error)"])
                    problems.append("the database cannot be read")
                }
            }
            if let status = health.screening, !status.ready { problems.append("the screening index is not built yet") }
            if !problems.isEmpty {
                health.status = "unavailable"
                health.reason = problems.joined(separator: "; ")
            }
            return try .json(health, status: problems.isEmpty ? .ok : .serviceUnavailable)
        }
    }
}
