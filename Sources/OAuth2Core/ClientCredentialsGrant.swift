/// The client-credentials grant (RFC 6749 §4.4) as a decision: what a request for an
/// authenticated client is allowed to receive.
public struct ClientCredentialsGrant: Sendable, Equatable {
    /// Granted scopes, sorted.
    public let scopes: [String]
    /// The token's audiences: the requested resources, or the server's default audience.
    public let audiences: [String]
    public let lifetime: Int
    public let format: TokenFormat

    public var scope: String { scopes.joined(separator: " ") }

    /// Decides the grant for `body` from an authenticated (so enabled) `client`.
    public static func decide(body: FormBody, client: RegisteredClient, defaultAudience: String) throws(OAuthError) -> ClientCredentialsGrant {
        guard let grantType = try body.single("grant_type") else {
            throw OAuthError(.invalidRequest, "grant_type is required")
        }
        guard grantType == "client_credentials" else {
            throw OAuthError(.unsupportedGrantType, "only grant_type=client_credentials is supported")
        }
        return ClientCredentialsGrant(scopes: try grantedScopes(try body.single("scope"), client),
                                      audiences: try audiences(body.all("resource"), client, defaultAudience),
                                      lifetime: client.tokenTtl, format: client.tokenFormat)
    }

    /// No scope asked → everything the client is allowed (§3.3 lets the server pick a default).
    private static func grantedScopes(_ requested: String?, _ client: RegisteredClient) throws(OAuthError) -> [String] {
        guard let requested else { return client.allowedScopes.sorted() }
        guard let names = Scope.parse(requested) else {
            throw OAuthError(.invalidScope, "scope is not a space-separated list of scope names")
        }
        let notAllowed = Set(names).subtracting(client.allowedScopes)
        guard notAllowed.isEmpty else {
            throw OAuthError(.invalidScope, "scope not allowed for this client: \(notAllowed.sorted().joined(separator: " "))")
        }
        return Set(names).sorted()
    }

    /// RFC 8707: each resource must be an absolute URI among the client's audiences.
    private static func audiences(_ resources: [String], _ client: RegisteredClient, _ defaultAudience: String) throws(OAuthError) -> [String] {
        guard !resources.isEmpty else { return [defaultAudience] }
        for resource in resources {
            guard ResourceIndicator.isValid(resource) else {
                throw OAuthError(.invalidTarget, "resource must be an absolute URI without a fragment")
            }
            guard client.allowedAudiences.contains(resource) else {
                throw OAuthError(.invalidTarget, "resource not allowed for this client: \(resource)")
            }
        }
        return Array(Set(resources)).sorted()
    }
}
