/// The RFC 8414 authorization server metadata the libraries use, read from
/// `/.well-known/oauth-authorization-server`.
public struct AuthorizationServerMetadata: Codable, Sendable, Equatable {
    public var issuer: String
    public var tokenEndpoint: String?
    public var jwksURI: String?
    public var introspectionEndpoint: String?
    public var revocationEndpoint: String?
    /// This server's revocation feed (not an IANA-registered name): what resource servers
    /// verifying JWTs locally follow to stop revoked tokens.
    public var revocationFeedEndpoint: String?
    public var tokenEndpointAuthMethodsSupported: [String]?
    public var scopesSupported: [String]?

    public init(issuer: String, tokenEndpoint: String? = nil, jwksURI: String? = nil, introspectionEndpoint: String? = nil,
                revocationEndpoint: String? = nil, revocationFeedEndpoint: String? = nil,
                tokenEndpointAuthMethodsSupported: [String]? = nil, scopesSupported: [String]? = nil) {
        self.issuer = issuer
        self.tokenEndpoint = tokenEndpoint
        self.jwksURI = jwksURI
        self.introspectionEndpoint = introspectionEndpoint
        self.revocationEndpoint = revocationEndpoint
        self.revocationFeedEndpoint = revocationFeedEndpoint
        self.tokenEndpointAuthMethodsSupported = tokenEndpointAuthMethodsSupported
        self.scopesSupported = scopesSupported
    }

    /// Where RFC 8414 §3 puts the metadata of `issuer`: the well-known segment goes between
    /// the host and any path of the issuer.
    public static func location(of issuer: String) -> String? {
        guard let schemeEnd = issuer.range(of: "://") else { return nil }
        let afterScheme = issuer[schemeEnd.upperBound...]
        let pathStart = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
        var path = String(afterScheme[pathStart...])
        if path == "/" { path = "" }
        return String(issuer[..<pathStart]) + "/.well-known/oauth-authorization-server" + path
    }

    enum CodingKeys: String, CodingKey {
        case issuer
        case tokenEndpoint = "token_endpoint"
        case jwksURI = "jwks_uri"
        case introspectionEndpoint = "introspection_endpoint"
        case revocationEndpoint = "revocation_endpoint"
        case revocationFeedEndpoint = "revocation_feed_endpoint"
        case tokenEndpointAuthMethodsSupported = "token_endpoint_auth_methods_supported"
        case scopesSupported = "scopes_supported"
    }
}
