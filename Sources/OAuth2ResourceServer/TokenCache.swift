import Crypto
import NIOConcurrencyHelpers

/// What was learned about a token (an introspection answer, a verified JWT's claims), by
/// the SHA-256 of the token (the cache holds no token), each until its own deadline, at
/// most `capacity` entries: past it the oldest go.
final class TokenCache<Value: Sendable>: Sendable {
    private struct Entry {
        let value: Value
        let until: ContinuousClock.Instant
    }

    private struct State {
        var entries: [SHA256Digest: Entry] = [:]
        /// Insertion order, for dropping the oldest: live from `head` on, compacted once
        /// the dropped part outgrows the capacity, so a store costs O(1) amortized.
        var order: [SHA256Digest] = []
        var head = 0
    }

    private let state = NIOLockedValueBox(State())
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    func value(for key: SHA256Digest, at now: ContinuousClock.Instant) -> Value? {
        state.withLockedValue { state in
            guard let entry = state.entries[key], now < entry.until else { return nil }
            return entry.value
        }
    }

    func store(_ value: Value, for key: SHA256Digest, until: ContinuousClock.Instant) {
        state.withLockedValue { state in
            if state.entries.updateValue(Entry(value: value, until: until), forKey: key) == nil { state.order.append(key) }
            while state.order.count - state.head > capacity {
                state.entries[state.order[state.head]] = nil
                state.head += 1
            }
            if state.head > capacity {
                state.order.removeFirst(state.head)
                state.head = 0
            }
        }
    }
}
