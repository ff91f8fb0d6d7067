import NIOConcurrencyHelpers
import OAuth2Store

/// Counts failed client authentications per key (a client id, an address) in a sliding
/// window. Past `slowAfter` failures, answers to failures are delayed; past `refuseAfter`,
/// the key is refused outright for the cool-down. Keys are independent: one client under
/// attack does not slow any other.
final class BruteForceGuard: Sendable {
    enum Verdict: Equatable {
        case allow
        case refuse(retryAfterSeconds: Int64)
    }

    private struct Entry {
        var failures: [EpochSeconds] = []
        var refusedUntil: EpochSeconds = 0
    }

    private let policy: BruteForcePolicy
    private let entries = NIOLockedValueBox<[String: Entry]>([:])
    private static let maxTrackedKeys = 100_000

    init(policy: BruteForcePolicy) { self.policy = policy }

    /// Whether requests under these keys may be tried at all.
    func verdict(for keys: [String], now: EpochSeconds = Clock.now()) -> Verdict {
        entries.withLockedValue { entries in
            let until = keys.compactMap { entries[$0]?.refusedUntil }.max() ?? 0
            return until > now ? .refuse(retryAfterSeconds: until - now) : .allow
        }
    }

    /// Records a failure under each key; returns how long to delay the failure's answer.
    func recordFailure(for keys: [String], now: EpochSeconds = Clock.now()) -> Int64 {
        entries.withLockedValue { entries in
            if entries.count > Self.maxTrackedKeys { Self.prune(&entries, policy: policy, now: now) }
            var excess = 0
            for key in keys {
                let (slowAfter, refuseAfter) = key.hasPrefix(Self.addressPrefix)
                    ? (policy.addressSlowAfter, policy.addressRefuseAfter) : (policy.slowAfter, policy.refuseAfter)
                var entry = entries[key] ?? Entry()
                entry.failures.removeAll { $0 <= now - policy.windowSeconds }
                entry.failures.append(now)
                excess = max(excess, entry.failures.count - slowAfter)
                if entry.failures.count >= refuseAfter {
                    entry.refusedUntil = now + policy.coolDownSeconds
                    entry.failures.removeAll()
                }
                entries[key] = entry
            }
            return min(Int64(excess) * policy.delayStepMilliseconds, policy.maxDelayMilliseconds)
        }
    }

    /// A successful authentication clears the client's failures (not the address's).
    func recordSuccess(for key: String) {
        entries.withLockedValue { entries in
            if entries[key]?.refusedUntil ?? 0 == 0 { entries[key] = nil }
        }
    }

    private static func prune(_ entries: inout [String: Entry], policy: BruteForcePolicy, now: EpochSeconds) {
        entries = entries.filter { $0.value.refusedUntil > now || ($0.value.failures.last ?? 0) > now - policy.windowSeconds }
    }

    private static let addressPrefix = "address:"
    static func clientKey(_ clientId: String) -> String { "client:" + clientId }
    static func addressKey(_ address: String) -> String { addressPrefix + address }
}
