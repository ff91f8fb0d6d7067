import OAuth2Core
import OAuth2Store
import Prometheus

/// The Prometheus metrics of /metrics. Instruments are made once; recording is lock-free
/// or a short lock inside swift-prometheus.
final class ServerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let issued: [TokenFormat: Counter]
    private let denied: [String: Counter]
    private let latency: [String: DurationHistogram]
    private let batchSizes: ValueHistogram
    private let liveTokens: Gauge

    static let endpoints = Endpoint.allCases.map(\.rawValue)
    static let denialReasons = OAuthError.Code.allCases.map(\.rawValue) + ["rate_limited", "store_unavailable"]

    init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        issued = Dictionary(uniqueKeysWithValues: TokenFormat.allCases.map { format in
            (format, registry.makeCounter(descriptor: .init(namespace: "oauth2", metricName: "tokens_issued", unitName: "total",
                                                                helpText: "Access tokens issued."),
                                          labels: [("format", format.rawValue)]))
        })
        denied = Dictionary(uniqueKeysWithValues: Self.denialReasons.map { reason in
            (reason, registry.makeCounter(descriptor: .init(namespace: "oauth2", metricName: "tokens_denied", unitName: "total",
                                                                helpText: "Token requests refused, by error code."),
                                          labels: [("reason", reason)]))
        })
        let buckets: [Duration] = [.microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
                                   .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1)]
        latency = Dictionary(uniqueKeysWithValues: Self.endpoints.map { endpoint in
            (endpoint, registry.makeDurationHistogram(
                descriptor: .init(namespace: "oauth2", metricName: "http_request_duration", unitName: "seconds",
                                  helpText: "Time from a whole request read to its response ready."),
                labels: [("endpoint", endpoint)], buckets: buckets))
        })
        batchSizes = registry.makeValueHistogram(
            descriptor: .init(namespace: "oauth2", metricName: "token_commit_batch", unitName: "size",
                              helpText: "Token rows committed per group-commit transaction."),
            buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048])
        liveTokens = registry.makeGauge(descriptor: .init(namespace: "oauth2", metricName: "live", unitName: "tokens",
                                                   helpText: "Tokens neither expired nor revoked."))
    }

    func recordIssued(_ format: TokenFormat) { issued[format]?.increment() }
    func recordDenied(_ reason: String) { denied[reason]?.increment() }
    func recordLatency(endpoint: String, nanoseconds: Int64) { latency[endpoint]?.recordNanoseconds(nanoseconds) }
    func recordBatch(size: Int) { batchSizes.record(Double(size)) }

    /// The Prometheus text exposition, with the live-token gauge read from the store now.
    func exposition(liveTokenCount: Int?) -> String {
        if let liveTokenCount { liveTokens.set(Int64(liveTokenCount)) }
        return registry.emitToString()
    }
}
