import OAuth2Core
import OAuth2Store

/// POST /introspect (RFC 7662). The caller authenticates as a client; a client with the
/// introspect permission may learn about any token, any other only about its own.
/// Everything else — revoked, expired, unknown, malformed, another's — is `{"active":false}`.
struct IntrospectionEndpoint: Sendable {
    let context: ServerContext

    static let inactive = HTTPResponse.json("{\"active\":false}")

    func respond(to request: HTTPRequest) -> HTTPResponse {
        let caller: RegisteredClient
        let body: FormBody
        do {
            body = try FormRequest.body(of: request)
            caller = try context.authenticate(request, body: body).get()
        } catch let refusal as Refusal {
            return refusal.response
        } catch {
            return .error(error as? OAuthError ?? OAuthError(.invalidRequest, "\(error)"))
        }
        let presented: String?
        do { presented = try body.single("token") } catch { return .error(error) }
        guard let presented else { return .error(OAuthError(.invalidRequest, "token is required")) }
        let token: TokenRecord?
        do {
            token = try context.store.token(hash: TokenMinter.hash(token: presented))
        } catch {
            return Refusal.storeUnavailable(error, clientId: caller.id).response
        }
        guard let token, token.state(at: Clock.now()) == .active,
              caller.canIntrospect || token.clientId == caller.id
        else { return Self.inactive }
        let audiences = token.audience.split(separator: " ").map(String.init)
        return .json(JSONText.object([
            "active": "true", "scope": JSONText.quote(token.scope), "client_id": JSONText.quote(token.clientId),
            "token_type": "\"Bearer\"", "exp": "\(token.expiresAt)", "iat": "\(token.issuedAt)",
            "sub": JSONText.quote(token.clientId),
            "aud": audiences.count == 1 ? JSONText.quote(audiences[0]) : JSONText.array(audiences),
            "iss": JSONText.quote(context.configuration.resolvedIssuer), "jti": JSONText.quote(token.jti),
        ]))
    }
}
