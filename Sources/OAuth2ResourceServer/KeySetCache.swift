import Foundation
import JWTKit
import NIOConcurrencyHelpers
import OAuth2Transport

/// The issuer's JWKS, kept for its `Cache-Control: max-age` within bounds. A `kid` not in
/// the set refetches it at most once per `unknownKeyRefetchInterval`; a stale set is
/// refreshed in the background while it keeps verifying, and when the authorization server
/// cannot be reached the last good set goes on being used.
final class KeySetCache: Sendable {
    /// One fetched JWKS: per kid, the algorithm its key verifies and jwt-kit's verifier for it.
    struct KeySet: Sendable {
        let keys: [String: VerificationKey]
        let freshUntil: ContinuousClock.Instant
    }

    private let configuration: VerifierConfiguration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let fetches: SingleFlight<KeySet>
    private let lastFetchStarted = NIOLockedValueBox<ContinuousClock.Instant?>(nil)

    init(configuration: VerifierConfiguration, url: @escaping @Sendable () async throws -> String,
         now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.configuration = configuration
        self.now = now
        let lastFetchStarted = lastFetchStarted
        fetches = SingleFlight {
            lastFetchStarted.withLockedValue { $0 = now() }
            return try await Self.fetch(from: try await url(), configuration: configuration, now: now)
        }
    }

    /// The key to verify a token signed with `kid`.
    func key(for kid: String) async throws(BearerError) -> VerificationKey {
        var set: KeySet
        if let current = fetches.current {
            set = current
            if now() >= current.freshUntil, mayFetchAgain() {
                // Keep verifying with the set in hand; a failed refresh leaves it in place.
                Task { [fetches] in _ = try? await fetches.refresh() }
            }
        } else {
            do {
                set = try await fetches.value()
            } catch {
                throw .unavailable("the issuer's keys could not be fetched")
            }
        }
        if set.keys[kid] == nil, mayFetchAgain(), let refreshed = try? await fetches.refresh() {
            set = refreshed
        }
        guard let key = set.keys[kid] else { throw .invalidToken("the token's key is not one of the issuer's") }
        return key
    }

    /// Whether the last fetch started at least `unknownKeyRefetchInterval` ago: neither
    /// unknown kids nor a server that keeps failing make the verifier ask more often.
    private func mayFetchAgain() -> Bool {
        guard let last = lastFetchStarted.withLockedValue({ $0 }) else { return true }
        return now() - last >= configuration.unknownKeyRefetchInterval
    }

    private static func fetch(from url: String, configuration: VerifierConfiguration,
                              now: @Sendable () -> ContinuousClock.Instant) async throws -> KeySet {
        let response = try await configuration.transport.get(url)
        guard response.status == 200 else { throw TransportError.unexpectedStatus(url: url, status: response.status) }
        let jwks = try response.decode(JWKS.self, from: url)
        let collection = JWTKeyCollection()
        var keys: [String: VerificationKey] = [:]
        for jwk in jwks.keys {
            // A key of a kind jwt-kit cannot use is left out; the others still verify.
            guard let kid = jwk.keyIdentifier, let algorithm = jwk.algorithm?.rawValue ?? VerificationKey.defaultAlgorithm(of: jwk),
                  (try? await collection.add(jwk: jwk)) != nil,
                  let verifier = try? await collection.getKey(for: kid, alg: algorithm)
            else { continue }
            keys[kid.string] = VerificationKey(algorithm: algorithm, verifier: verifier)
        }
        let lifetime = CacheControl.maxAge(response.headers.first(name: "Cache-Control")).map { Duration.seconds($0) }
            ?? configuration.minimumKeySetLifetime
        let bounded = min(max(lifetime, configuration.minimumKeySetLifetime), configuration.maximumKeySetLifetime)
        return KeySet(keys: keys, freshUntil: now() + bounded)
    }
}

/// `Cache-Control: max-age` (RFC 9111 §5.2.2.1); `no-store` and `no-cache` count as 0.
enum CacheControl {
    static func maxAge(_ header: String?) -> Int? {
        guard let header else { return nil }
        for directive in header.lowercased().split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if directive == "no-store" || directive == "no-cache" { return 0 }
            if directive.hasPrefix("max-age="), let seconds = Int(directive.dropFirst("max-age=".count)) { return max(seconds, 0) }
        }
        return nil
    }
}
