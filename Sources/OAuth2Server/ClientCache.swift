import NIOConcurrencyHelpers
import OAuth2Core
import OAuth2Store

/// Registered clients as authentication needs them, kept between requests and all dropped
/// the moment anything about any client changes. "Changed" is the store's client generation,
/// which its triggers bump in the same transaction as the change, whoever makes it; each
/// request reads it first, so a change committed before a request arrives applies to it.
final class ClientCache: Sendable {
    private struct Entries {
        var generation: Int64
        var clients: [String: RegisteredClient] = [:]
    }

    /// Enough for every client of a large deployment; past it the cache starts over rather
    /// than grow without bound.
    static let capacity = 10_000

    private let store: Store
    private let entries = NIOLockedValueBox(Entries(generation: -1))

    init(store: Store) {
        self.store = store
    }

    /// The client `id` as of `generation` (read from the store before this call), or nil if
    /// unknown. Unknown ids are not cached: guessing them must not evict real clients.
    func client(id: String, generation: Int64) throws -> RegisteredClient? {
        if let cached = entries.withLockedValue({ $0.generation == generation ? $0.clients[id] : nil }) {
            return cached
        }
        // Read after the generation, so it is at least as new as what that generation stands for.
        guard let client = try store.registeredClient(id: id) else { return nil }
        entries.withLockedValue { entries in
            if entries.generation != generation || entries.clients.count >= Self.capacity {
                entries = Entries(generation: generation)
            }
            entries.clients[id] = client
        }
        return client
    }
}
