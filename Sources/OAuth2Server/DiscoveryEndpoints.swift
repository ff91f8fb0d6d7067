import OAuth2Core

/// The GET endpoints: JWKS, RFC 8414 metadata, health and metrics.
struct DiscoveryEndpoints: Sendable {
    let context: ServerContext

    func jwks() -> HTTPResponse {
        do {
            var response = HTTPResponse.publicJSON(try context.keys.current().jwksJSON)
            response.headers.replaceOrAdd(name: "Content-Type", value: "application/jwk-set+json")
            return response
        } catch {
            return Refusal.storeUnavailable(error, clientId: nil).response
        }
    }

    /// RFC 8414 §2. Scopes are read from the store so new ones appear at once.
    func metadata() -> HTTPResponse {
        let issuer = context.issuer
        let methods = JSONText.array(["client_secret_basic", "client_secret_post"])
        let scopes = (try? context.store.scopeNames()) ?? []
        return .publicJSON(JSONText.object([
            "issuer": JSONText.quote(issuer),
            "token_endpoint": JSONText.quote(issuer + "/token"),
            "jwks_uri": JSONText.quote(issuer + "/jwks.json"),
            "introspection_endpoint": JSONText.quote(issuer + "/introspect"),
            "revocation_endpoint": JSONText.quote(issuer + "/revoke"),
            "grant_types_supported": JSONText.array(["client_credentials"]),
            "response_types_supported": "[]",
            "token_endpoint_auth_methods_supported": methods,
            "introspection_endpoint_auth_methods_supported": methods,
            "revocation_endpoint_auth_methods_supported": methods,
            "scopes_supported": JSONText.array(scopes),
        ]))
    }

    func health() -> HTTPResponse {
        context.store.isReachable()
            ? .json("{\"status\":\"ok\"}")
            : .httpError(.serviceUnavailable, "store_unreachable", "the store does not answer")
    }

    func metrics() -> HTTPResponse {
        HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4"],
                     body: context.metrics.exposition(liveTokenCount: try? context.store.liveTokenCount()))
    }
}
