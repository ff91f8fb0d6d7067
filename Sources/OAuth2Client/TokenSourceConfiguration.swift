import OAuth2Transport

/// One client registration at one authorization server, and how its tokens are kept.
public struct TokenSourceConfiguration: Sendable {
    /// Where tokens come from: the issuer, whose RFC 8414 metadata names the token
    /// endpoint, or the token endpoint's URL itself.
    public enum Endpoint: Sendable {
        case issuer(String)
        case tokenURL(String)
    }

    public var endpoint: Endpoint
    public var authentication: ClientAuthentication
    /// At what share of a token's lifetime a fresh one is fetched in the background while
    /// the current one is still handed out. Default 0.8.
    public var refreshShare: Double = 0.8
    /// The refresh moment moves by up to this share of the lifetime either way, so that
    /// many instances started together do not refresh together. Default 0.05.
    public var refreshJitter: Double = 0.05
    /// How long before its expiry a token is no longer handed out: it must survive the trip
    /// to the resource server. Default 5 s.
    public var expiryMargin: Duration = .seconds(5)
    /// A token's lifetime when the answer gives no `expires_in`. Default 60 s.
    public var defaultLifetime: Duration = .seconds(60)
    /// Retries of one token request on 5xx, 429 and unreachable servers.
    public var backoff = Backoff()
    public var transport = HTTPTransport()

    public init(endpoint: Endpoint, authentication: ClientAuthentication) {
        self.endpoint = endpoint
        self.authentication = authentication
    }
}
