import OAuth2Store

/// Why requests were refused and for which client.
struct DenialKey: Hashable, Sendable {
    var reason: String
    /// "" when the request named no known client.
    var clientId: String
}

/// Denials of the last minutes by reason and client, per minute: an attack (many
/// invalid_client from unknown clients) or a misconfigured service (one client's
/// invalid_scope) shows at a glance. Bounded to `minutesKept`.
struct DenialHistory: Equatable, Sendable {
    static let minutesKept: EpochSeconds = 10
    static let minutesShown: EpochSeconds = 5

    private var byMinute: [EpochSeconds: [DenialKey: Int]] = [:]

    mutating func record(_ denials: [DenialKey: Int], at now: EpochSeconds) {
        let minute = now / 60
        for (key, count) in denials { byMinute[minute, default: [:]][key, default: 0] += count }
        byMinute = byMinute.filter { $0.key > minute - Self.minutesKept }
    }

    /// The last `minutesShown` minutes' denials, the most frequent first.
    func top(at now: EpochSeconds) -> [(key: DenialKey, count: Int)] {
        let minute = now / 60
        var totals: [DenialKey: Int] = [:]
        for (at, counts) in byMinute where at > minute - Self.minutesShown {
            for (key, count) in counts { totals[key, default: 0] += count }
        }
        return totals.map { (key: $0.key, count: $0.value) }
            .sorted { ($1.count, $0.key.reason, $0.key.clientId) < ($0.count, $1.key.reason, $1.key.clientId) }
    }
}
