import OAuth2Core
import OAuth2Transport

/// Why a token could not be had. Descriptions carry the server's error code and words and
/// the URL, never the client's secret or a token.
public enum TokenRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The token endpoint refused the request (RFC 6749 §5.2); not retried.
    case refused(status: Int, OAuthErrorResponse)
    /// The server stayed unavailable (5xx, 429) through every attempt.
    case unavailable(status: Int, attempts: Int)
    /// The server could not be reached or gave an answer that is not a token response.
    case transport(TransportError)
    /// A token response with another token type than Bearer.
    case unsupportedTokenType(String)

    /// The §5.2 error code when the server refused.
    public var oauthError: String? {
        if case let .refused(_, response) = self { return response.error }
        return nil
    }

    public var description: String {
        switch self {
        case let .refused(status, response):
            "the token endpoint refused (HTTP \(status)): \(response.error)" + (response.errorDescription.map { ": \($0)" } ?? "")
        case let .unavailable(status, attempts): "the token endpoint answered HTTP \(status) to each of \(attempts) attempts"
        case let .transport(error): error.description
        case let .unsupportedTokenType(type): "the token endpoint issued a \(type) token, not a Bearer token"
        }
    }
}
