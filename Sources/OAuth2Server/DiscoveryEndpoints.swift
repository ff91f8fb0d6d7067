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
            "token_endpoint": url(.token),
            "jwks_uri": url(.jwks),
            "introspection_endpoint": url(.introspect),
            "revocation_endpoint": url(.revoke),
            // Not registered with IANA: the feed resource servers follow (see RevocationFeedEndpoint).
            "revocation_feed_endpoint": url(.revocations),
            "grant_types_supported": JSONText.array(["client_credentials"]),
            "response_types_supported": "[]",
            "token_endpoint_auth_methods_supported": methods,
            "introspection_endpoint_auth_methods_supported": methods,
            "revocation_endpoint_auth_methods_supported": methods,
            "scopes_supported": JSONText.array(scopes),
        ]))
    }

    /// An endpoint's URL as the metadata publishes it, its path read from the route table
    /// so the two cannot disagree.
    private func url(_ endpoint: Endpoint) -> String {
        JSONText.quote(context.issuer + (endpoint.path ?? ""))
    }

    /// Whether tokens can be issued and recorded: the store answers, a signing key is
    /// loaded, and a commit goes through the token writer. Load balancers route by it, so
    /// it probes (on a thread of its own) rather than repeat the last outcome: a server that
    /// once failed must be seen to recover without traffic.
    func health() -> HTTPResponse {
        let problem: String? = if !context.store.isReachable() {
            "the store does not answer"
        } else if (try? context.keys.current()) == nil {
            "no signing key can be loaded"
        } else if !context.writer.canCommit() {
            "tokens cannot be recorded"
        } else {
            nil
        }
        guard let problem else { return .json("{\"status\":\"ok\"}") }
        return .httpError(.serviceUnavailable, "unavailable", problem)
    }

    func metrics() -> HTTPResponse {
        HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4"],
                     body: context.metrics.exposition(liveTokenCount: try? context.store.liveTokenCount()))
    }
}
