import Metrics
import Prometheus
import Synchronization

/// The process-wide Prometheus registry behind swift-metrics; bootstrapped once per process
/// (several gateways in one test process share it).
public enum MetricsExporter {
    private static let state = Mutex<PrometheusCollectorRegistry?>(nil)

    /// The registry, bootstrapping swift-metrics on first use.
    public static var registry: PrometheusCollectorRegistry {
        state.withLock { current in
            if let current { return current }
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            current = registry
            return registry
        }
    }

    /// The Prometheus text exposition of every metric.
    public static func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }
}
