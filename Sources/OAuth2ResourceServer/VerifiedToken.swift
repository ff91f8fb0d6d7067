import OAuth2Core

/// A token the verifier accepted, with its claims.
public struct VerifiedToken: Sendable, Equatable {
    public let claims: AccessTokenClaims
    public let scopes: Set<String>
    /// How it was verified: locally as a JWT, or by introspection.
    public let method: VerificationMethod

    public init(claims: AccessTokenClaims, method: VerificationMethod) {
        self.claims = claims
        scopes = Set(claims.scopes)
        self.method = method
    }

    /// Throws `insufficientScope` naming every required scope unless the token has them all.
    public func requireScopes(_ required: [String]) throws(BearerError) {
        guard required.allSatisfy(scopes.contains) else { throw .insufficientScope(required: required) }
    }
}

public enum VerificationMethod: String, Sendable {
    case jwt, introspection
}
