/// A successful token response (RFC 6749 §5.1), as the client library reads it.
public struct TokenResponse: Codable, Sendable, Equatable {
    public var accessToken: String
    public var tokenType: String
    /// Seconds from the answer; absent when the server documents the lifetime elsewhere.
    public var expiresIn: Int?
    /// The granted scope when it differs from the one asked for (§3.3).
    public var scope: String?

    public init(accessToken: String, tokenType: String, expiresIn: Int?, scope: String?) {
        self.accessToken = accessToken
        self.tokenType = tokenType
        self.expiresIn = expiresIn
        self.scope = scope
    }

    enum CodingKeys: String, CodingKey {
        case scope
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
    }
}
