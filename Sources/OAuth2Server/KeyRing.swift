import Foundation
import NIOConcurrencyHelpers
import OAuth2Core
import OAuth2Store

/// The signing keys as the server uses them: the active key for minting and the public
/// JWK set. Read again from the store every half second in the background, so that a
/// rotation made by another process applies within a second (its predecessor stays valid
/// in the JWKS meanwhile) and requests find them fresh without reading the store; a
/// request that finds them over a second old (the background reads failing, or `expire()`)
/// reads them itself. (`@unchecked`: a dispatch source is thread-safe, but Dispatch's
/// overlay does not mark it Sendable.)
final class KeyRing: @unchecked Sendable {
    struct Snapshot: Sendable {
        let active: SigningKey
        let jwksJSON: String
        let loadedAt: ContinuousClock.Instant
    }

    private let store: any Store
    private let snapshot: NIOLockedValueBox<Snapshot?>
    private let refresher: DispatchSourceTimer
    private static let maxAge = Duration.seconds(1)

    /// Loads the keys, making the first (ES256) key if the store has none yet.
    init(store: any Store, refreshEvery interval: DispatchTimeInterval = .milliseconds(500)) throws {
        self.store = store
        let snapshot = NIOLockedValueBox<Snapshot?>(try Self.load(store))
        self.snapshot = snapshot
        refresher = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "oauth2.keys"))
        refresher.schedule(deadline: .now() + interval, repeating: interval)
        refresher.setEventHandler {
            // A failed read leaves the keys to age: past `maxAge` requests read them themselves.
            if let fresh = try? Self.load(store) { snapshot.withLockedValue { $0 = fresh } }
        }
        refresher.resume()
    }

    /// The current keys, read again if the last read is over a second old; with
    /// `reads: .cachedOnly`, that read is left to the caller (`StoreReadNeeded`).
    func current(reads: StoreReads = .allowed) throws -> Snapshot {
        let now = ContinuousClock.now
        if let cached = snapshot.withLockedValue({ $0 }), now - cached.loadedAt < Self.maxAge { return cached }
        try reads.requireAllowed()
        let fresh = try Self.load(store)
        snapshot.withLockedValue { $0 = fresh }
        return fresh
    }

    /// Makes the next `current()` read the keys again.
    func expire() {
        snapshot.withLockedValue { $0 = nil }
    }

    /// Ends the background reads (the server stops).
    func stop() { refresher.cancel() }

    deinit { refresher.cancel() }

    private static func load(_ store: any Store) throws -> Snapshot {
        if try store.activeKey() == nil {
            try store.activate(SigningKeyRecord.generate(.es256), onlyIfNone: true, actor: .server)
        }
        let records = try store.publishedKeys()
        let published = try records.map(SigningKey.init(record:))
        guard let active = zip(records, published).first(where: { $0.0.state == .active })?.1 else {
            throw SigningKeyError.unreadableKey
        }
        let jwks = JSONText.object(["keys": "[" + published.map { key in
            "{" + key.publicJWK.sorted { $0.key < $1.key }.map { JSONText.quote($0.key) + ":" + JSONText.quote($0.value) }.joined(separator: ",") + "}"
        }.joined(separator: ",") + "]"])
        return Snapshot(active: active, jwksJSON: jwks, loadedAt: .now)
    }
}
