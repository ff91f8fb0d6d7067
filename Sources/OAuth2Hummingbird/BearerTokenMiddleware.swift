import Hummingbird
import OAuth2ResourceServer

/// Lets a request through only with a bearer token that `verifier` accepts and that holds
/// every scope in `scopes`, putting the token in the context; anything else gets the RFC
/// 6750 §3 answer: 401 with a `WWW-Authenticate: Bearer` challenge, 403 for a missing scope,
/// 503 when the authorization server could not be asked.
public struct BearerTokenMiddleware<Context: BearerRequestContext>: RouterMiddleware {
    public let verifier: AccessTokenVerifier
    public let scopes: [String]

    public init(_ verifier: AccessTokenVerifier, requiring scopes: [String] = []) {
        self.verifier = verifier
        self.scopes = scopes
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let token: VerifiedToken
        do {
            token = try await verifier.verify(authorization: request.headers[.authorization], requiring: scopes)
        } catch {
            return Self.refusal(error)
        }
        var context = context
        context.accessToken = token
        return try await next(request, context)
    }

    static func refusal(_ error: BearerError) -> Response {
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]
        if let challenge = error.challenge { headers[.wwwAuthenticate] = challenge.headerValue }
        let code = error.challenge?.error ?? (error.status == 503 ? "temporarily_unavailable" : "invalid_request")
        let body = "{\"error\":\"\(code)\"}"
        return Response(status: .init(code: error.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
