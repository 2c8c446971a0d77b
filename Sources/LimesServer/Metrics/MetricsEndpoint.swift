import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// `/metrics` in the Prometheus text format, on an address of its own: the figures (requests by
/// route, check latencies, database commits, login failures) are for the operators'
/// Prometheus, not for the public port.
public enum MetricsEndpoint {
    /// Sends swift-metrics to a Prometheus registry for the whole process (once per process)
    /// and returns the service that serves it, for the server's service group.
    public static func start(host: String, port: Int, logger: Logger) -> any Service {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // A check takes milliseconds: finer buckets at the low end than the default's 5 ms.
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
        ]
        factory.defaultValueHistogramBuckets = [1, 2, 4, 8, 16, 32, 64, 128]
        MetricsSystem.bootstrap(factory)
        return application(registry: registry, host: host, port: port, logger: logger)
    }

    static func application(registry: PrometheusCollectorRegistry, host: String, port: Int, logger: Logger) -> some Service {
        let router = Router()
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "Limes metrics"),
            onServerRunning: { channel in
                logger.notice("metrics listening", metadata: ["address": "\(channel.localAddress?.description ?? "?")"])
            },
            logger: logger
        )
    }
}
