import NIOCore
import OAuth2Core
import OAuth2Store

/// POST /revoke (RFC 7009). The owning client revokes its token; an unknown token, or
/// another client's (which stays alive), gets the same 200 so nothing leaks.
struct RevocationEndpoint: Sendable {
    let context: ServerContext

    func respond(to request: HTTPRequest, on loop: EventLoop) -> EventLoopFuture<HTTPResponse> {
        let caller: RegisteredClient
        let token: TokenRecord?
        switch context.authentication.authenticatedTokenRequest(request) {
        case let .success(presented): (caller, token) = presented
        case let .failure(refusal): return context.answer(refusal, endpoint: .revoke, request: request, on: loop)
        }
        let done = HTTPResponse(status: .ok, headers: ["Cache-Control": "no-store"], body: "")
        guard let token, token.clientId == caller.id else { return loop.makeSucceededFuture(done) }
        // The write may wait on the store's lock: never on an event loop.
        return context.blockingWork.run(on: loop) { [context] in
            do {
                if try context.store.revokeToken(jti: token.jti, reason: "revoked by client", actor: .server) {
                    context.events.publish(.tokenRevoked(jti: token.jti, clientId: token.clientId, by: .server))
                    context.logger.info("token revoked", metadata: ["client_id": "\(caller.id)", "outcome": "revoked", "jti": "\(token.jti)"])
                }
                return done
            } catch {
                return Refusal.storeUnavailable(error, clientId: caller.id).response
            }
        }
    }
}
