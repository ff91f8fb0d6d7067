/// An RFC 7662 §2.2 introspection answer. Only `active` is required; an inactive token's
/// answer carries nothing else.
public struct IntrospectionResponse: Codable, Sendable, Equatable {
    public var active: Bool
    public var scope: String?
    public var clientID: String?
    public var tokenType: String?
    public var expiresAt: Int64?
    public var issuedAt: Int64?
    public var notBefore: Int64?
    public var subject: String?
    public var audience: Audience?
    public var issuer: String?
    public var jwtID: String?

    public init(active: Bool, scope: String? = nil, clientID: String? = nil, tokenType: String? = nil, expiresAt: Int64? = nil,
                issuedAt: Int64? = nil, notBefore: Int64? = nil, subject: String? = nil, audience: Audience? = nil,
                issuer: String? = nil, jwtID: String? = nil) {
        self.active = active
        self.scope = scope
        self.clientID = clientID
        self.tokenType = tokenType
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
        self.notBefore = notBefore
        self.subject = subject
        self.audience = audience
        self.issuer = issuer
        self.jwtID = jwtID
    }

    /// The same facts as the claims of a JWT access token.
    public var claims: AccessTokenClaims {
        AccessTokenClaims(issuer: issuer, subject: subject, audience: audience, expiresAt: expiresAt, notBefore: notBefore,
                          issuedAt: issuedAt, jwtID: jwtID, clientID: clientID, scope: scope)
    }

    enum CodingKeys: String, CodingKey {
        case active, scope
        case clientID = "client_id"
        case tokenType = "token_type"
        case expiresAt = "exp"
        case issuedAt = "iat"
        case notBefore = "nbf"
        case subject = "sub"
        case audience = "aud"
        case issuer = "iss"
        case jwtID = "jti"
    }
}
