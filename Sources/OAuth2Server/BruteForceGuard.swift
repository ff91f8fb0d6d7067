import NIOConcurrencyHelpers
import OAuth2Core
import OAuth2Store

/// Counts failed client authentications by where they come from: per address and client
/// id, and per address overall. Past the policy's thresholds, answers to that source's
/// failures are delayed, then its requests are refused for the cool-down.
///
/// Only the failing source is ever held back. Client ids are not secret (every token
/// carries one), so counting failures per client id alone would let anyone lock a real
/// client out; a correct secret from another address is never refused or delayed.
/// Guessing a generated secret is hopeless anyway; the guard is about the load and the
/// noise of trying.
///
/// Memory is bounded by count and by bytes: failures with a client id that does not exist
/// count only towards the address (no entry per made-up id, whatever its length), an IPv6
/// address counts as its /64, and entries live in two generations of at most
/// `maxEntriesPerGeneration` each: every period the older generation is dropped whole, so
/// nothing ever scans the map.
final class BruteForceGuard: Sendable {
    enum Verdict: Equatable {
        case allow
        case refuse(retryAfterSeconds: Int64)
    }

    /// Failures of one source: an address (`clientId` nil) or an address with a client id.
    private struct Source: Hashable {
        let address: String
        let clientId: String?
    }

    private struct Entry {
        var failures = 0
        var refusedUntil: EpochSeconds = 0
    }

    private struct Generations {
        var current: [Source: Entry] = [:]
        var previous: [Source: Entry] = [:]
        var currentStarted: EpochSeconds

        /// Failures in this generation and the one before: the last one to two periods.
        func failures(_ source: Source) -> Int {
            (current[source]?.failures ?? 0) + (previous[source]?.failures ?? 0)
        }

        func refusedUntil(_ source: Source) -> EpochSeconds {
            max(current[source]?.refusedUntil ?? 0, previous[source]?.refusedUntil ?? 0)
        }

        mutating func rotate(at now: EpochSeconds) {
            previous = current
            current = [:]
            currentStarted = now
        }
    }

    static let maxEntriesPerGeneration = 50_000

    private let policy: BruteForcePolicy
    /// How long a generation lasts: at least the counting window and the cool-down, so a
    /// refusal outlives its cool-down (an entry lives one to two periods).
    private let period: EpochSeconds
    private let generations: NIOLockedValueBox<Generations>

    init(policy: BruteForcePolicy, now: EpochSeconds) {
        self.policy = policy
        period = max(policy.windowSeconds, policy.coolDownSeconds, 1)
        generations = NIOLockedValueBox(Generations(currentStarted: now))
    }

    /// Whether a request from `address` presenting `clientId` may be tried at all.
    func verdict(address: IPAddress, clientId: String, now: EpochSeconds) -> Verdict {
        let prefix = address.subscriberPrefix
        return generations.withLockedValue { generations in
            let until = max(generations.refusedUntil(Source(address: prefix, clientId: nil)),
                            generations.refusedUntil(Source(address: prefix, clientId: clientId)))
            return until > now ? .refuse(retryAfterSeconds: until - now) : .allow
        }
    }

    /// How many sources are remembered now (both generations).
    var trackedSources: Int {
        generations.withLockedValue { $0.current.count + $0.previous.count }
    }

    /// Records a failed authentication; returns how long to delay its answer.
    /// `clientExists`: whether the id names a registered client (only then is it counted
    /// per id).
    func recordFailure(address: IPAddress, clientId: String, clientExists: Bool, now: EpochSeconds) -> Int64 {
        let prefix = address.subscriberPrefix
        return generations.withLockedValue { generations in
            if now - generations.currentStarted >= period || generations.current.count >= Self.maxEntriesPerGeneration {
                generations.rotate(at: now)
            }
            var excess = count(Source(address: prefix, clientId: nil), in: &generations, now: now,
                               slowAfter: policy.addressSlowAfter, refuseAfter: policy.addressRefuseAfter)
            if clientExists {
                excess = max(excess, count(Source(address: prefix, clientId: clientId), in: &generations, now: now,
                                           slowAfter: policy.slowAfter, refuseAfter: policy.refuseAfter))
            }
            return min(Int64(excess) * policy.delayStepMilliseconds, policy.maxDelayMilliseconds)
        }
    }

    /// A client that authenticated from an address starts over there (the address's own
    /// count stays: it may be failing for others).
    func recordSuccess(address: IPAddress, clientId: String, now: EpochSeconds) {
        let source = Source(address: address.subscriberPrefix, clientId: clientId)
        generations.withLockedValue { generations in
            guard generations.refusedUntil(source) <= now else { return }
            generations.current[source] = nil
            generations.previous[source] = nil
        }
    }

    /// Adds one failure; returns how many failures past `slowAfter` the source now has.
    private func count(_ source: Source, in generations: inout Generations, now: EpochSeconds,
                       slowAfter: Int, refuseAfter: Int) -> Int {
        let failures = generations.failures(source) + 1
        var entry = generations.current[source] ?? Entry()
        entry.failures += 1
        if failures >= refuseAfter {
            entry.refusedUntil = now + policy.coolDownSeconds
            entry.failures = 0
            generations.previous[source] = nil
        }
        generations.current[source] = entry
        return max(0, failures - slowAfter)
    }
}
