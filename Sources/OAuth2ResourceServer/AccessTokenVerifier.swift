import Crypto
import Foundation
import Logging
import OAuth2Core
import OAuth2Transport

/// Verifies bearer tokens for one resource server: RFC 9068 JWTs locally against the
/// issuer's JWKS (checked against the revocation feed when following it), other tokens by
/// RFC 7662 introspection, as `VerifierConfiguration.mode` says. Every endpoint is found in
/// the issuer's RFC 8414 metadata.
public final class AccessTokenVerifier: Sendable {
    public let configuration: VerifierConfiguration
    /// What the revocation feed has taught this verifier.
    public let revocations: RevocationList
    private let metadata: SingleFlight<AuthorizationServerMetadata>
    private let keySets: KeySetCache
    private let introspections: TokenCache<IntrospectionResponse>
    /// Claims of JWTs whose signature held, so that a token presented again (a client reuses
    /// its token for every call) costs a hash, not a signature check. Time and revocation
    /// are checked on every use.
    private let verifiedTokens: TokenCache<AccessTokenClaims>
    private let logger: Logger
    private let now: @Sendable () -> ContinuousClock.Instant
    private let wallClock: @Sendable () -> Int64

    /// `now` (monotonic, for caches) and `wallClock` (epoch seconds, for claims) are the
    /// clocks; tests pass their own.
    public init(configuration: VerifierConfiguration, logger: Logger = Logger(label: "oauth2.resource-server"),
                now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
                wallClock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        self.configuration = configuration
        self.logger = logger
        self.now = now
        self.wallClock = wallClock
        revocations = RevocationList(capacity: configuration.maximumRevocations)
        let metadata = SingleFlight { [configuration] in try await configuration.transport.metadata(of: configuration.issuer) }
        self.metadata = metadata
        keySets = KeySetCache(configuration: configuration, url: {
            guard let url = try await metadata.value().jwksURI else { throw TransportError.missingEndpoint("jwks_uri") }
            return url
        }, now: now)
        introspections = TokenCache(capacity: configuration.introspectionCacheSize)
        verifiedTokens = TokenCache(capacity: configuration.verifiedTokenCacheSize)
    }

    /// The token's claims if it is good for this resource server, else why not.
    public func verify(_ token: String) async throws(BearerError) -> VerifiedToken {
        let cacheKey = SHA256.hash(data: Array(token.utf8))
        // A JWT seen before skips its parsing too: the hash is all it costs.
        if configuration.mode != .introspection, let claims = verifiedTokens.value(for: cacheKey, at: now()) {
            return try accepted(claims)
        }
        switch (configuration.mode, CompactJWS(token)) {
        case let (.jwt, jws?), let (.automatic, jws?): return try await verifyJWT(jws, cacheKey: cacheKey)
        case (.jwt, nil): throw .invalidToken("not a JWT")
        case (.introspection, _), (.automatic, nil): return try await introspect(token, cacheKey: cacheKey)
        }
    }

    /// The `Authorization` header's bearer token (RFC 6750 §2.1), verified, with `scopes` required.
    public func verify(authorization: String?, requiring scopes: [String] = []) async throws(BearerError) -> VerifiedToken {
        // Plain scans: Foundation's `trimmingCharacters` cost more than a cached verification.
        guard let authorization, let space = authorization.firstIndex(of: " "), authorization[..<space].lowercased() == "bearer" else {
            throw .missingToken
        }
        let token = authorization[authorization.index(after: space)...].drop { $0 == " " }
        guard !token.isEmpty else { throw .missingToken }
        let verified = try await verify(String(token))
        try verified.requireScopes(scopes)
        return verified
    }

    /// Follows the revocation feed until the task is cancelled; run it for as long as the
    /// verifier serves when `followsRevocations` is set.
    public func followRevocations() async {
        guard configuration.followsRevocations, let credentials = configuration.credentials else {
            logger.warning("not following revocations: followsRevocations and credentials are both needed")
            return
        }
        await RevocationFollower(configuration: configuration, credentials: credentials, feedURL: { [metadata] in
            guard let url = try await metadata.value().revocationFeedEndpoint else {
                throw TransportError.missingEndpoint("revocation_feed_endpoint")
            }
            return url
        }, list: revocations, logger: logger, wallClock: wallClock).run()
    }

    // MARK: Local JWT verification (RFC 9068 §4)

    private func verifyJWT(_ jws: CompactJWS, cacheKey: SHA256Digest) async throws(BearerError) -> VerifiedToken {
        let claims = try await verifySignature(jws)
        verifiedTokens.store(claims, for: cacheKey, until: now() + configuration.verifiedTokenCacheLifetime)
        return try accepted(claims)
    }

    /// The checks of a JWT's claims made on every use: times, and revocation when followed.
    private func accepted(_ claims: AccessTokenClaims) throws(BearerError) -> VerifiedToken {
        try check(claims)
        if configuration.followsRevocations {
            guard revocations.isCaughtUp else { throw .unavailable("revocations not yet known") }
            if revocations.isRevoked(claims) { throw .invalidToken("revoked") }
        }
        return VerifiedToken(claims: claims, method: .jwt)
    }

    /// The header's checks, then the signature by jwt-kit with the issuer's key for the
    /// token's `kid`; the claims once it holds.
    private func verifySignature(_ jws: CompactJWS) async throws(BearerError) -> AccessTokenClaims {
        guard jws.isAccessToken else { throw .invalidToken("not an access token (typ must be at+jwt)") }
        guard let alg = jws.header.alg, configuration.algorithms.contains(alg) else { throw .invalidToken("algorithm not accepted") }
        guard let kid = jws.header.kid else { throw .invalidToken("no key id") }
        // Looked up here, not by jwt-kit's key collection, which falls back to a default key for an unknown kid.
        let key = try await keySets.key(for: kid)
        guard key.algorithm == alg else { throw .invalidToken("algorithm does not match the key") }
        guard let signature = Base64URL.decode(jws.signature), (try? key.verifier.verify(signature, signs: Array(jws.signingInput))) == true,
              let payload = Base64URL.decode(jws.payload), let claims = try? JSONDecoder().decode(AccessTokenClaims.self, from: Data(payload))
        else { throw .invalidToken("bad signature or malformed claims") }
        return claims
    }

    /// The claims checks of RFC 9068 §4 beyond the signature, with `leeway` for clock skew.
    private func check(_ claims: AccessTokenClaims) throws(BearerError) {
        let now = wallClock()
        guard claims.issuer == configuration.issuer else { throw .invalidToken("wrong issuer") }
        guard claims.audience?.values.contains(configuration.audience) == true else { throw .invalidToken("not for this resource server") }
        guard let expiresAt = claims.expiresAt else { throw .invalidToken("no expiry") }
        guard now < expiresAt + configuration.leeway else { throw .invalidToken("expired") }
        if let notBefore = claims.notBefore, now + configuration.leeway < notBefore { throw .invalidToken("not yet valid") }
        guard let issuedAt = claims.issuedAt else { throw .invalidToken("no issue time") }
        guard issuedAt <= now + configuration.leeway else { throw .invalidToken("issued in the future") }
    }

    // MARK: Introspection (RFC 7662)

    private func introspect(_ token: String, cacheKey key: SHA256Digest) async throws(BearerError) -> VerifiedToken {
        let answer: IntrospectionResponse
        if let cached = introspections.value(for: key, at: now()) {
            answer = cached
        } else {
            answer = try await askIntrospection(token)
            let lifetime = answer.expiresAt.map { Duration.seconds(max($0 - wallClock(), 0)) } ?? configuration.introspectionCacheLifetime
            introspections.store(answer, for: key, until: now() + min(lifetime, configuration.introspectionCacheLifetime))
        }
        guard answer.active else { throw .invalidToken("not active") }
        if let issuer = answer.issuer, issuer != configuration.issuer { throw .invalidToken("wrong issuer") }
        if let audience = answer.audience, !audience.values.contains(configuration.audience) {
            throw .invalidToken("not for this resource server")
        }
        if let expiresAt = answer.expiresAt, wallClock() >= expiresAt + configuration.leeway { throw .invalidToken("expired") }
        return VerifiedToken(claims: answer.claims, method: .introspection)
    }

    private func askIntrospection(_ token: String) async throws(BearerError) -> IntrospectionResponse {
        guard let credentials = configuration.credentials else { throw .unavailable("no credentials for introspection") }
        do {
            guard let url = try await metadata.value().introspectionEndpoint else { throw TransportError.missingEndpoint("introspection_endpoint") }
            let response = try await configuration.transport.postForm(url, [("token", token), ("token_type_hint", "access_token")],
                                                                      as: credentials)
            guard response.status == 200 else { throw TransportError.unexpectedStatus(url: url, status: response.status) }
            return try response.decode(IntrospectionResponse.self, from: url)
        } catch {
            logger.warning("introspection failed", metadata: ["error": "\(error)"])
            throw .unavailable("the introspection endpoint could not be asked")
        }
    }
}
