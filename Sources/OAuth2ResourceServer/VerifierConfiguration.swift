import OAuth2Transport

/// What an `AccessTokenVerifier` accepts and how it keeps up with the authorization server.
public struct VerifierConfiguration: Sendable {
    public enum Mode: String, Sendable {
        /// RFC 9068 JWTs verified here against the issuer's JWKS; anything else is refused.
        case jwt
        /// Every token asked about at the introspection endpoint (RFC 7662).
        case introspection
        /// JWTs verified here, any other token introspected.
        case automatic
    }

    /// The issuer, exactly as tokens carry it in `iss`; its RFC 8414 metadata names the JWKS,
    /// introspection and revocation feed endpoints.
    public var issuer: String
    /// This resource server's identifier: tokens must carry it in `aud`.
    public var audience: String
    public var mode: Mode = .jwt
    /// The only JWS algorithms accepted (`none` and HMAC never are: a public key is no secret).
    public var algorithms: Set<String> = ["ES256", "RS256", "EdDSA"]
    /// Tolerance for clock skew in `exp`, `nbf` and `iat`, in seconds. Default 5.
    public var leeway: Int64 = 5
    /// The JWKS is kept for its `Cache-Control: max-age` within these bounds. Defaults 30 s and 1 h.
    public var minimumKeySetLifetime: Duration = .seconds(30)
    public var maximumKeySetLifetime: Duration = .seconds(3600)
    /// An unknown `kid` refetches the JWKS at most this often, so tokens with made-up kids
    /// cannot make the verifier hammer the authorization server. Default 5 s.
    public var unknownKeyRefetchInterval: Duration = .seconds(5)
    /// A JWT whose signature held is remembered (by its SHA-256) for this long, so that the
    /// same token presented again skips the signature check; its times and revocation are
    /// checked every time. Default 60 s; zero checks every signature.
    public var verifiedTokenCacheLifetime: Duration = .seconds(60)
    /// At most this many such tokens are remembered; past it the oldest go. Default 10,000.
    public var verifiedTokenCacheSize = 10_000
    /// The client this resource server authenticates as for introspection and the revocation
    /// feed (it needs the introspect permission). Required for those; nil leaves both off.
    public var credentials: ClientAuthentication?
    /// An introspection answer is reused for at most this long, never past the token's `exp`. Default 30 s.
    public var introspectionCacheLifetime: Duration = .seconds(30)
    /// At most this many introspection answers are cached; past it the oldest go. Default 10,000.
    public var introspectionCacheSize = 10_000
    /// Whether locally verified JWTs are checked against the revocation feed (needs
    /// `credentials`, and `AccessTokenVerifier.followRevocations()` running).
    public var followsRevocations = false
    /// How often the feed is asked for what is new. Default 1 s, so a revocation stops a
    /// token within about a second.
    public var revocationPollInterval: Duration = .seconds(1)
    /// The most revocation entries held; past it those expiring soonest go first (and are
    /// counted in `RevocationList.dropped`). Default 1,000,000 (about 100 MB at worst).
    public var maximumRevocations = 1_000_000
    public var transport = HTTPTransport()

    public init(issuer: String, audience: String) {
        self.issuer = issuer
        self.audience = audience
    }
}
