/// What the token endpoint needs to know about a client. The server may keep it between
/// requests, so a secret carries its own expiry instead of being filtered when read.
public struct RegisteredClient: Sendable, Equatable {
    public var id: String
    public var status: ClientStatus
    public var allowedScopes: Set<String>
    public var allowedAudiences: Set<String>
    public var tokenTtl: Int
    public var tokenFormat: TokenFormat
    public var canIntrospect: Bool
    /// The secrets not yet ended (at most two, during a rotation's grace).
    public var secrets: [AcceptedSecret]
    /// Every token issued at or before this time (Unix seconds) was revoked at once, by a
    /// disable or a revocation of all the client's tokens (the revocation feed's client-wide
    /// entries); nil if none was.
    public var tokensRevokedThrough: Int64?

    public init(id: String, status: ClientStatus, allowedScopes: Set<String>, allowedAudiences: Set<String>,
                tokenTtl: Int, tokenFormat: TokenFormat, canIntrospect: Bool, secrets: [AcceptedSecret],
                tokensRevokedThrough: Int64? = nil) {
        self.id = id
        self.status = status
        self.allowedScopes = allowedScopes
        self.allowedAudiences = allowedAudiences
        self.tokenTtl = tokenTtl
        self.tokenFormat = tokenFormat
        self.canIntrospect = canIntrospect
        self.secrets = secrets
        self.tokensRevokedThrough = tokensRevokedThrough
    }

    /// Whether a token of this client issued at `issuedAt` is still good as far as the
    /// client goes: the client active and no client-wide revocation since.
    public func vouchesFor(tokenIssuedAt issuedAt: Int64) -> Bool {
        status == .active && issuedAt > (tokensRevokedThrough ?? .min)
    }

    /// Checks the secret against every secret live at `now`, always hashing against all of
    /// them so that which one matched (if any) does not show in the timing.
    public func verifies(secret: String, at now: Int64) -> Bool {
        secrets.reduce(false) { matched, accepted in (accepted.hash.matches(secret) && accepted.isLive(at: now)) || matched }
    }
}

/// A secret's hash and, during a rotation's grace, when it stops being accepted.
public struct AcceptedSecret: Sendable, Equatable {
    public var hash: SecretHash
    /// Epoch seconds; nil for a secret that lives until it is ended.
    public var expiresAt: Int64?

    public init(hash: SecretHash, expiresAt: Int64?) {
        self.hash = hash
        self.expiresAt = expiresAt
    }

    public func isLive(at now: Int64) -> Bool {
        expiresAt.map { $0 > now } ?? true
    }
}

/// Authentication of a client against what the store holds: the same failure for an
/// unknown client and a wrong secret, in body and in work done. A disabled client is
/// refused on every endpoint, but only once its secret is proven: whether a client is
/// disabled is nobody else's business.
public enum ClientAuthenticator {
    public static func authenticate(_ credentials: ClientCredentials, against client: RegisteredClient?,
                                    at now: Int64) throws(OAuthError) -> RegisteredClient {
        let challenge = credentials.method == .basic
        guard let client else {
            SecretHash.burnEquivalentWork(for: credentials.secret)
            throw OAuthError.badCredentials(challengeBasic: challenge)
        }
        guard client.verifies(secret: credentials.secret, at: now) else { throw OAuthError.badCredentials(challengeBasic: challenge) }
        guard client.status == .active else { throw OAuthError(.unauthorizedClient, "this client is disabled") }
        return client
    }
}
