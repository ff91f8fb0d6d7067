/// An error response of the token, introspection or revocation endpoint
/// (RFC 6749 §5.2, RFC 7009 §2.2.1, RFC 8707 §2).
public struct OAuthError: Error, Sendable, Equatable {
    public enum Code: String, Sendable, CaseIterable {
        case invalidRequest = "invalid_request"
        case invalidClient = "invalid_client"
        case invalidGrant = "invalid_grant"
        case unauthorizedClient = "unauthorized_client"
        case unsupportedGrantType = "unsupported_grant_type"
        case invalidScope = "invalid_scope"
        case invalidTarget = "invalid_target"
        case unsupportedTokenType = "unsupported_token_type"
    }

    public let code: Code
    public let description: String
    /// Whether the client tried HTTP Basic (or no) authentication, so the 401 carries a
    /// `WWW-Authenticate: Basic` challenge (§5.2).
    public let challengeBasic: Bool

    public init(_ code: Code, _ description: String, challengeBasic: Bool = false) {
        self.code = code
        self.description = description
        self.challengeBasic = challengeBasic
    }

    public var httpStatus: Int { code == .invalidClient ? 401 : 400 }

    /// The one answer for an unknown client and a wrong secret alike.
    public static func badCredentials(challengeBasic: Bool) -> OAuthError {
        OAuthError(.invalidClient, "client authentication failed", challengeBasic: challengeBasic)
    }
}
