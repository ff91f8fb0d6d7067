import Foundation
import NIOConcurrencyHelpers
import OAuth2Core
import OAuth2Store

/// The signing keys as the server uses them: the active key for minting and the public
/// JWK set. Re-read from the store at most once a second, so a rotation made by another
/// process applies within a second (its predecessor stays valid in the JWKS meanwhile).
final class KeyRing: Sendable {
    struct Snapshot: Sendable {
        let active: SigningKey
        let jwksJSON: String
        let loadedAt: ContinuousClock.Instant
    }

    private let store: any Store
    private let snapshot: NIOLockedValueBox<Snapshot?>
    private static let refreshInterval = Duration.seconds(1)

    /// Loads the keys, making the first (ES256) key if the store has none yet.
    init(store: any Store) throws {
        self.store = store
        snapshot = NIOLockedValueBox(try Self.load(store))
    }

    /// The current keys, refreshed if the last read is over a second old.
    func current() throws -> Snapshot {
        let now = ContinuousClock.now
        if let cached = snapshot.withLockedValue({ $0 }), now - cached.loadedAt < Self.refreshInterval { return cached }
        let fresh = try Self.load(store)
        snapshot.withLockedValue { $0 = fresh }
        return fresh
    }

    /// Makes the next `current()` read the keys again.
    func expire() {
        snapshot.withLockedValue { $0 = nil }
    }

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
