import NIOCore
import OAuth2Core
import OAuth2Store

/// POST /introspect (RFC 7662). The caller authenticates as a client; a client with the
/// introspect permission may learn about any token, any other only about its own.
/// Everything else — revoked, expired, unknown, malformed, another's, a token of a client
/// that is disabled or deleted, or one issued before its client was disabled (even if it is
/// enabled again) — is `{"active":false}`: what the revocation feed tells resource servers
/// that verify locally, introspection tells those that ask.
struct IntrospectionEndpoint: Sendable {
    let context: ServerContext

    static let inactive = HTTPResponse.json("{\"active\":false}")

    func respond(to request: HTTPRequest, on loop: EventLoop) -> EventLoopFuture<HTTPResponse> {
        let caller: RegisteredClient
        let token: TokenRecord?
        switch context.authentication.authenticatedTokenRequest(request) {
        case let .success(presented): (caller, token) = presented
        case let .failure(refusal): return context.answer(refusal, endpoint: .introspect, request: request, on: loop)
        }
        guard let token, token.state(at: context.clock.now()) == .active,
              caller.canIntrospect || token.clientId == caller.id
        else { return loop.makeSucceededFuture(Self.inactive) }
        // The cache is as fresh as the client generation read with the token (and a caller
        // asking about its own token was just authenticated against it).
        let owner: RegisteredClient?
        do {
            owner = token.clientId == caller.id ? caller : try context.clients.client(id: token.clientId, reads: .allowed).client
        } catch {
            return loop.makeSucceededFuture(Refusal.storeUnavailable(error, clientId: caller.id).response)
        }
        guard owner?.vouchesFor(tokenIssuedAt: token.issuedAt) == true else { return loop.makeSucceededFuture(Self.inactive) }
        return loop.makeSucceededFuture(.json(JSONText.object([
            "active": "true", "scope": JSONText.quote(token.scope), "client_id": JSONText.quote(token.clientId),
            "token_type": "\"Bearer\"", "exp": "\(token.expiresAt)", "iat": "\(token.issuedAt)",
            "sub": JSONText.quote(token.clientId),
            "aud": JSONText.audience(token.audience.split(separator: " ").map(String.init)),
            "iss": JSONText.quote(context.issuer), "jti": JSONText.quote(token.jti),
        ])))
    }
}
