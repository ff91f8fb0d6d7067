import Crypto
import NIOConcurrencyHelpers
import OAuth2Core

/// Introspection answers by the SHA-256 of their token (the cache holds no token), each
/// until its own deadline, at most `capacity` of them: past it the oldest go.
final class IntrospectionCache: Sendable {
    private struct Entry {
        let answer: IntrospectionResponse
        let until: ContinuousClock.Instant
    }

    private struct State {
        var entries: [SHA256Digest: Entry] = [:]
        /// Insertion order, for dropping the oldest.
        var order: [SHA256Digest] = []
    }

    private let state = NIOLockedValueBox(State())
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    static func key(_ token: String) -> SHA256Digest { SHA256.hash(data: Array(token.utf8)) }

    func answer(for key: SHA256Digest, at now: ContinuousClock.Instant) -> IntrospectionResponse? {
        state.withLockedValue { state in
            guard let entry = state.entries[key], now < entry.until else { return nil }
            return entry.answer
        }
    }

    func store(_ answer: IntrospectionResponse, for key: SHA256Digest, until: ContinuousClock.Instant) {
        state.withLockedValue { state in
            if state.entries.updateValue(Entry(answer: answer, until: until), forKey: key) == nil { state.order.append(key) }
            guard state.order.count > capacity else { return }
            let excess = state.order.count - capacity
            for old in state.order.prefix(excess) { state.entries[old] = nil }
            state.order.removeFirst(excess)
        }
    }
}
