import Hummingbird
import LimesCore

/// `/health`: answers while the process can serve, for load balancers and booth devices.
struct HealthController {
    struct Health: ResponseEncodable {
        var status: String
        var version: String
    }

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/health") { _, _ -> Health in
            Health(status: "ok", version: Limes.version)
        }
    }
}
