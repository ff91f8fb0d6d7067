/// The claims of an RFC 9068 JWT access token (§2.2), as the resource server reads them.
/// Every member is optional here so that a missing one is reported by the verifier's
/// checks rather than as a decoding failure.
public struct AccessTokenClaims: Codable, Sendable, Equatable {
    public var issuer: String?
    public var subject: String?
    public var audience: Audience?
    public var expiresAt: Int64?
    public var notBefore: Int64?
    public var issuedAt: Int64?
    public var jwtID: String?
    public var clientID: String?
    public var scope: String?

    public init(issuer: String? = nil, subject: String? = nil, audience: Audience? = nil, expiresAt: Int64? = nil,
                notBefore: Int64? = nil, issuedAt: Int64? = nil, jwtID: String? = nil, clientID: String? = nil, scope: String? = nil) {
        self.issuer = issuer
        self.subject = subject
        self.audience = audience
        self.expiresAt = expiresAt
        self.notBefore = notBefore
        self.issuedAt = issuedAt
        self.jwtID = jwtID
        self.clientID = clientID
        self.scope = scope
    }

    /// The scope names granted (RFC 8693 §4.2: space-separated).
    public var scopes: [String] {
        scope.map { $0.split(separator: " ").map(String.init) } ?? []
    }

    enum CodingKeys: String, CodingKey {
        case scope
        case issuer = "iss"
        case subject = "sub"
        case audience = "aud"
        case expiresAt = "exp"
        case notBefore = "nbf"
        case issuedAt = "iat"
        case jwtID = "jti"
        case clientID = "client_id"
    }
}
