/// What the token endpoint needs to know about a client, read fresh from the store.
public struct RegisteredClient: Sendable, Equatable {
    public var id: String
    public var status: ClientStatus
    public var allowedScopes: Set<String>
    public var allowedAudiences: Set<String>
    public var tokenTtl: Int
    public var tokenFormat: TokenFormat
    public var canIntrospect: Bool
    /// Hashes of the live secrets (at most two, during a rotation's grace).
    public var secretHashes: [SecretHash]

    public init(id: String, status: ClientStatus, allowedScopes: Set<String>, allowedAudiences: Set<String>,
                tokenTtl: Int, tokenFormat: TokenFormat, canIntrospect: Bool, secretHashes: [SecretHash]) {
        self.id = id
        self.status = status
        self.allowedScopes = allowedScopes
        self.allowedAudiences = allowedAudiences
        self.tokenTtl = tokenTtl
        self.tokenFormat = tokenFormat
        self.canIntrospect = canIntrospect
        self.secretHashes = secretHashes
    }

    /// Checks the secret against every live secret, always hashing against all of them so
    /// that which one matched (if any) does not show in the timing.
    public func verifies(secret: String) -> Bool {
        secretHashes.reduce(false) { matched, hash in hash.matches(secret) || matched }
    }
}

/// Authentication of a client against what the store holds: the same failure for an
/// unknown client and a wrong secret, in body and in work done.
public enum ClientAuthenticator {
    public static func authenticate(_ credentials: ClientCredentials, against client: RegisteredClient?) throws(OAuthError) -> RegisteredClient {
        let challenge = credentials.method == .basic
        guard let client else {
            SecretHash.burnEquivalentWork(for: credentials.secret)
            throw OAuthError.badCredentials(challengeBasic: challenge)
        }
        guard client.verifies(secret: credentials.secret) else { throw OAuthError.badCredentials(challengeBasic: challenge) }
        return client
    }
}
