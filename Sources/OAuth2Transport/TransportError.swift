/// Why an exchange with the authorization server gave no usable answer. Descriptions name
/// URLs and statuses, never a credential or a token.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreachable(url: String, reason: String)
    case unexpectedStatus(url: String, status: Int)
    case undecodable(url: String, expected: String)
    /// The metadata names another issuer than the one asked for (RFC 8414 §3.3).
    case issuerMismatch(expected: String, found: String)
    /// The metadata lacks an endpoint this use needs.
    case missingEndpoint(String)

    public var description: String {
        switch self {
        case let .unreachable(url, reason): "\(url) could not be reached: \(reason)"
        case let .unexpectedStatus(url, status): "\(url) answered HTTP \(status)"
        case let .undecodable(url, expected): "\(url) answered with something that is not a \(expected)"
        case let .issuerMismatch(expected, found): "the metadata of \(expected) names the issuer \(found)"
        case let .missingEndpoint(name): "the authorization server's metadata has no \(name)"
        }
    }
}
