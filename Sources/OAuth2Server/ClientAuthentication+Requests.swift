import NIOCore
import OAuth2Core
import OAuth2Store

/// The authenticated requests the endpoints take: a form whose client authenticated, and
/// for introspection and revocation the token it presents as well.
extension ClientAuthentication {
    /// The form body of a POST to the token endpoint, the client it authenticates as, and
    /// the client generation that client was read under.
    func authenticatedForm(_ request: HTTPRequest, reads: StoreReads = .allowed) -> Result<AuthenticatedForm, Refusal> {
        formBody(of: request).flatMap { body in
            authenticate(request, body: body, reads: reads).map { AuthenticatedForm(client: $0.client, body: body, clientGeneration: $0.generation) }
        }
    }

    /// For introspection and revocation: the authenticated caller and the token its body
    /// presents (nil when no such token was ever issued). The token is read first, with the
    /// client generation, so the caller is authenticated against clients as fresh as the
    /// token's row. `token_type_hint` needs no use: every token is found the same way.
    func authenticatedTokenRequest(_ request: HTTPRequest) -> Result<(caller: RegisteredClient, token: TokenRecord?), Refusal> {
        formBody(of: request).flatMap { body in
            let lookup = Result { try presentedToken(in: body, of: request) }
            return authenticate(request, body: body, reads: .allowed).flatMap { authenticated in
                let caller = authenticated.client
                do {
                    guard try body.single("token") != nil else { throw OAuthError(.invalidRequest, "token is required") }
                    return .success((caller, try lookup.get()))
                } catch let error as OAuthError {
                    return .failure(Refusal(error: error, clientId: caller.id))
                } catch {
                    return .failure(Refusal.storeUnavailable(error, clientId: caller.id))
                }
            }
        }
    }

    private func formBody(of request: HTTPRequest) -> Result<FormBody, Refusal> {
        do {
            return .success(try FormRequest.body(of: request))
        } catch {
            return .failure(Refusal(error: error, clientId: nil))
        }
    }

    /// The presented token's row, brought up to date with the client generation. A token
    /// matches when its row's hash is the presented token's hash: the comparison is of
    /// digests, so its timing tells nothing about any token.
    private func presentedToken(in body: FormBody, of request: HTTPRequest) throws -> TokenRecord? {
        guard let presented = try? body.single("token"), let jti = TokenMinter.jti(of: presented) else {
            try refreshClients(for: request)
            return nil
        }
        let (generation, token) = try locals.reader(for: request).clientGenerationAndToken(jti: jti)
        clients.update(to: generation)
        guard let token, token.tokenHash == TokenMinter.hash(token: presented) else { return nil }
        return token
    }
}

/// A token request's form, the client it authenticated as, and the client generation that
/// client was read under.
struct AuthenticatedForm {
    let client: RegisteredClient
    let body: FormBody
    let clientGeneration: Int64
}
