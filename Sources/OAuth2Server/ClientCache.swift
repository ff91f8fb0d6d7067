import NIOConcurrencyHelpers
import OAuth2Core
import OAuth2Store

/// Registered clients as authentication needs them, kept between requests as of one client
/// generation: the counter the store's triggers bump, in the same transaction, whenever
/// anything about any client changes, whoever changes it.
///
/// Authenticating from the cache reads nothing. Freshness is settled where it matters:
/// a token is recorded only if the generation is still the one its client was
/// authenticated under (the group commit checks, inside its transaction); a refusal is
/// given only after the generation was re-read; introspection and revocation read it with
/// the token. When it has moved, the cache drops every client and starts over.
final class ClientCache: Sendable {
    private struct Entries {
        var generation: Int64
        var clients: [String: RegisteredClient] = [:]
    }

    /// Enough for every client of a large deployment; past it the cache starts over rather
    /// than grow without bound.
    static let capacity = 10_000

    private let store: any Store
    private let entries: NIOLockedValueBox<Entries>

    init(store: any Store, generation: Int64) {
        self.store = store
        entries = NIOLockedValueBox(Entries(generation: generation))
    }

    /// The client `id` (nil if unknown) and the generation it is current for. Unknown ids
    /// are not cached: guessing them must not evict real clients.
    func client(id: String, reads: StoreReads) throws -> (client: RegisteredClient?, generation: Int64) {
        let (cached, generation) = entries.withLockedValue { ($0.clients[id], $0.generation) }
        if let cached { return (cached, generation) }
        try reads.requireAllowed()
        let (client, loadedGeneration) = try store.registeredClient(id: id)
        entries.withLockedValue { entries in
            if entries.generation != loadedGeneration { entries = Entries(generation: loadedGeneration) }
            if entries.clients.count >= Self.capacity { entries.clients.removeAll() }
            if let client { entries.clients[id] = client }
        }
        return (client, loadedGeneration)
    }

    /// Moves to `generation` as the store reported it, dropping every client if it differs.
    /// Returns whether it did.
    @discardableResult
    func update(to generation: Int64) -> Bool {
        entries.withLockedValue { entries in
            guard entries.generation != generation else { return false }
            entries = Entries(generation: generation)
            return true
        }
    }

    /// Drops every client: the next lookups read them, and the generation, again.
    func forgetAll() {
        entries.withLockedValue { $0.clients.removeAll() }
    }
}
