/// How a client's access tokens are shaped.
public enum TokenFormat: String, Sendable, Codable, CaseIterable {
    /// RFC 9068 JWT access tokens, verifiable against the JWKS.
    case jwt
    /// 256-bit random strings, checked through introspection; only a hash is stored.
    case opaque
}

public enum ClientStatus: String, Sendable, Codable, CaseIterable {
    case active
    case disabled
}

/// Who performed an audited action.
public enum AuditActor: String, Sendable, Codable, CaseIterable {
    case cli
    case console
    case server
}

/// A client's access-token lifetime unless its admin says otherwise (the bounds are
/// `DurationRange.tokenLifetime`).
public enum TokenLifetime {
    public static let defaultSeconds = 3600
}

/// JWS algorithms (RFC 7518) the server signs access tokens with.
public enum SigningAlgorithm: String, Sendable, Codable, CaseIterable {
    case es256 = "ES256"
    case rs256 = "RS256"
    case edDSA = "EdDSA"
}
