import OAuth2Core

/// Why a request's bearer token is not accepted, and the RFC 6750 §3 answer for it. The
/// reason is this library's own words, never the token.
public enum BearerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No token came with the request: 401 with a bare challenge (§3.1).
    case missingToken
    /// The token is malformed, badly signed, expired, revoked, not for this server...: 401.
    case invalidToken(String)
    /// The token is good but lacks scopes the resource needs: 403.
    case insufficientScope(required: [String])
    /// The authorization server could not be asked (introspection, first JWKS): 503, no
    /// challenge, since the token may well be good.
    case unavailable(String)

    public var status: Int {
        switch self {
        case .missingToken, .invalidToken: 401
        case .insufficientScope: 403
        case .unavailable: 503
        }
    }

    public var challenge: BearerChallenge? {
        switch self {
        case .missingToken: BearerChallenge()
        case let .invalidToken(reason): BearerChallenge(error: "invalid_token", errorDescription: reason)
        case let .insufficientScope(required):
            BearerChallenge(error: "insufficient_scope", errorDescription: "the token lacks a scope this resource needs",
                            scope: required.joined(separator: " "))
        case .unavailable: nil
        }
    }

    public var description: String {
        switch self {
        case .missingToken: "no bearer token"
        case let .invalidToken(reason): "invalid token: \(reason)"
        case let .insufficientScope(required): "insufficient scope: needs \(required.joined(separator: " "))"
        case let .unavailable(reason): "cannot verify now: \(reason)"
        }
    }
}
