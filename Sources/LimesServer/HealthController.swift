import Hummingbird
import LimesCore

/// `/health`: answers while the process can serve, for load balancers and booth devices, and
/// says whether screening is ready (counts only: no personal data).
struct HealthController {
    let screening: ScreeningState?

    struct Health: ResponseEncodable {
        var status: String
        var version: String
        var screening: ScreeningState.Status?
    }

    func addRoutes(to router: Router<LimesRequestContext>) {
        router.get("/health") { _, _ -> Health in
            Health(status: "ok", version: Limes.version, screening: await screening?.status)
        }
    }
}
