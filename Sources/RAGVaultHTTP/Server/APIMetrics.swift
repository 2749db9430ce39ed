import Foundation
import Metrics
import Prometheus

/// The server's metrics, through swift-metrics into a Prometheus registry of the server's
/// own (so several servers in one process, as in tests, never share counts). Labels are
/// route patterns, statuses, reasons and types — never tenant names, ids or text.
public final class APIMetrics: @unchecked Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    // Handles are made once per label set: making one takes the registry's lock and a lookup.
    private let lock = NSLock()
    private var handles: [String: AnyObject] = [:]

    private func handle<H: AnyObject>(_ label: String, _ dimensions: [(String, String)], _ make: () -> H) -> H {
        let id = label + dimensions.map { "\u{1F}\($0.0)=\($0.1)" }.joined()
        return lock.withLock {
            if let known = handles[id] as? H { return known }
            let made = make()
            handles[id] = made
            return made
        }
    }

    private func counter(_ label: String, _ dimensions: [(String, String)]) -> Metrics.Counter {
        handle(label, dimensions) { Metrics.Counter(label: label, dimensions: dimensions, factory: factory) }
    }

    private func timer(_ label: String, _ dimensions: [(String, String)]) -> Metrics.Timer {
        handle(label, dimensions) { Metrics.Timer(label: label, dimensions: dimensions, factory: factory) }
    }

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
            .map { Duration.nanoseconds(Int64($0 * 1e9)) }
        self.factory = factory
    }

    func request(route: String, method: String, status: Int, nanoseconds: UInt64) {
        let dimensions = [("route", route), ("method", method), ("status", String(status))]
        counter("ragvault_http_requests_total", dimensions).increment()
        timer("ragvault_http_request_duration_seconds", [("route", route), ("method", method)]).recordNanoseconds(Int64(nanoseconds))
    }

    /// A refused request, by reason (`unauthenticated`, `forbidden`, `not_found`, `rate_limited`, …).
    func denial(_ reason: String) {
        counter("ragvault_http_denials_total", [("reason", reason)]).increment()
    }

    func redactions(_ counts: [String: Int]) {
        for (type, n) in counts where n > 0 {
            counter("ragvault_redactions_total", [("type", type)]).increment(by: n)
        }
    }

    func openStores(_ n: Int) {
        Gauge(label: "ragvault_open_stores", factory: factory).record(n)
    }

    /// Stores closed to make room in the pool since the server started (a running total).
    func poolEvictions(_ total: Int) {
        Gauge(label: "ragvault_store_pool_evictions", factory: factory).record(total)
    }

    func inFlight(_ n: Int) {
        Gauge(label: "ragvault_http_in_flight_requests", factory: factory).record(n)
    }

    /// Prometheus text exposition.
    func exposition() -> [UInt8] { registry.emitToBuffer() }
}
