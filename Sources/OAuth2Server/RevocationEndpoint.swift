import OAuth2Core
import OAuth2Store

/// POST /revoke (RFC 7009). The owning client revokes its token; an unknown token, or
/// another client's (which stays alive), gets the same 200 so nothing leaks.
struct RevocationEndpoint: Sendable {
    let context: ServerContext

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
        do {
            presented = try body.single("token")
            _ = try body.single("token_type_hint")  // accepted; every token is looked up the same way
        } catch { return .error(error) }
        guard let presented else { return .error(OAuthError(.invalidRequest, "token is required")) }
        do {
            if let token = try context.store.token(hash: TokenMinter.hash(token: presented)), token.clientId == caller.id,
               try context.store.revokeToken(jti: token.jti, reason: "revoked by client", actor: .server) {
                context.events.publish(.tokenRevoked(jti: token.jti, clientId: token.clientId, by: .server))
                context.logger.info("token revoked", metadata: ["client_id": "\(caller.id)", "outcome": "revoked", "jti": "\(token.jti)"])
            }
        } catch {
            return Refusal.storeUnavailable(error, clientId: caller.id).response
        }
        return HTTPResponse(status: .ok, headers: ["Cache-Control": "no-store"], body: "")
    }
}
