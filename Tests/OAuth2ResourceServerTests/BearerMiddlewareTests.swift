import AsyncHTTPClient
import Foundation
import Hummingbird
import OAuth2Core
import OAuth2Hummingbird
import OAuth2ResourceServer
import ServerTestSupport
import Testing
import TestSupport

/// A Hummingbird service protected by the middleware, called over HTTP: the RFC 6750 §3
/// answers for each way a request can fall short.
@Suite struct BearerMiddlewareTests {
    private static func protectedService(_ harness: ServerHarness) async throws -> LoopbackApplication {
        let verifier = AccessTokenVerifierTests.verifier(harness)
        let router = Router(context: BearerContext.self)
        router.group("read").add(middleware: BearerTokenMiddleware(verifier, requiring: ["read"]))
            .get { _, context in context.accessToken?.claims.clientID ?? "-" }
        router.group("write").add(middleware: BearerTokenMiddleware(verifier, requiring: ["write"]))
            .get { _, _ in "written" }
        return try await LoopbackApplication(router: router)
    }

    private static func get(_ app: LoopbackApplication, _ path: String, token: String?) async throws -> (Int, String?, String) {
        var request = HTTPClientRequest(url: app.baseURL + path)
        if let token { request.headers.add(name: "Authorization", value: "Bearer " + token) }
        // Generous: the suite runs beside load tests that keep both cores busy for seconds.
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 16))
        return (Int(response.status.code), response.headers.first(name: "WWW-Authenticate"), body)
    }

    @Test func eachShortfallGetsItsChallengeAndAGoodTokenGetsThrough() async throws {
        let harness = try ServerHarness()
        let app = try await Self.protectedService(harness)
        let token = try TokenForger(harness).sign()

        let (okStatus, _, body) = try await Self.get(app, "/read", token: token)
        #expect(okStatus == 200 && body == "svc")

        let (missing, missingChallenge, _) = try await Self.get(app, "/read", token: nil)
        #expect(missing == 401 && missingChallenge == "Bearer")

        let (invalid, invalidChallenge, _) = try await Self.get(app, "/read", token: "garbage")
        #expect(invalid == 401)
        #expect(BearerChallenge.parse(invalidChallenge ?? "")?.error == "invalid_token")

        let (forbidden, scopeChallenge, _) = try await Self.get(app, "/write", token: token)
        #expect(forbidden == 403)
        let challenge = BearerChallenge.parse(scopeChallenge ?? "")
        #expect(challenge?.error == "insufficient_scope" && challenge?.scope == "write")
    }
}
