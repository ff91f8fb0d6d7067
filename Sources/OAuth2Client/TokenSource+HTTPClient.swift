import AsyncHTTPClient
import NIOCore
import OAuth2Core

extension TokenSource {
    /// Sends `request` with a token for `key` as `Authorization: Bearer`. When the resource
    /// server answers 401 with `WWW-Authenticate: Bearer error="invalid_token"` (the token
    /// was revoked, or signed with a key it no longer trusts), the token is dropped and the
    /// request sent once more with a fresh one. The request's body must be replayable
    /// (bytes, not a one-shot stream).
    public nonisolated func execute(_ request: HTTPClientRequest, for key: TokenKey = TokenKey(), on client: HTTPClient = .shared,
                                    timeout: TimeAmount = .seconds(30)) async throws -> HTTPClientResponse {
        var retried = false
        while true {
            let token = try await token(for: key)
            var authorized = request
            authorized.headers.replaceOrAdd(name: "Authorization", value: "Bearer " + token.value)
            let response = try await client.execute(authorized, timeout: timeout)
            guard !retried, response.status == .unauthorized,
                  response.headers["WWW-Authenticate"].contains(where: { BearerChallenge.parse($0)?.error == "invalid_token" })
            else { return response }
            // The rejected answer's body is dropped unread; release its connection.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            await invalidate(token, for: key)
            retried = true
        }
    }
}
