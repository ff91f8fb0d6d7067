import AsyncHTTPClient
import Foundation
import Hummingbird
import OAuth2Client
import OAuth2Core
import OAuth2Hummingbird
import OAuth2ResourceServer
import OAuth2Store
import OAuth2Transport
import ServerTestSupport
import Testing
import TestSupport

/// The client application, the resource server and the authorization server over real
/// HTTP on loopback: a revoked token is refused by the resource server, and the client's
/// request helper recovers with a fresh token in one retry.
@Suite struct ThreeActorsTests {
    static let audience = "https://orders.example"

    @Test func aRevokedTokenIsDroppedAndTheRequestRetriedOnceWithAFreshOne() async throws {
        let harness = try ServerHarness()
        let reader = try harness.register(introspect: true)
        let client = try harness.register(audiences: [Self.audience])
        var configuration = VerifierConfiguration(issuer: harness.baseURL, audience: Self.audience)
        configuration.credentials = ClientAuthentication(clientID: reader.id, secret: reader.secret)
        configuration.followsRevocations = true
        configuration.revocationPollInterval = .milliseconds(200)
        let verifier = AccessTokenVerifier(configuration: configuration)
        let router = Router(context: BearerContext.self)
        router.group("orders").add(middleware: BearerTokenMiddleware(verifier, requiring: ["read"])).get { _, _ in "[]" }
        router.group("admin").add(middleware: BearerTokenMiddleware(verifier, requiring: ["admin"])).get { _, _ in "secret" }
        let api = try await LoopbackApplication(router: router, services: [RevocationFollowingService(verifier)])
        #expect(await eventually(within: .seconds(5)) { verifier.revocations.isCaughtUp })

        let source = TokenSourceTests.source(harness, client)
        let key = TokenKey(scopes: ["read"], resources: [Self.audience])
        let request = HTTPClientRequest(url: api.baseURL + "/orders")
        #expect(try await source.execute(request, for: key).status == .ok)
        let first = try await source.token(for: key)

        let jti = try #require(try harness.store.listTokens(TokenQuery(clientId: client.id)).first?.jti)
        try harness.store.revokeToken(jti: jti, reason: "test", actor: .cli)
        #expect(await eventually(within: .seconds(5)) {
            do throws(BearerError) {
                _ = try await verifier.verify(first.value)
                return false
            } catch {
                return error == .invalidToken("revoked")
            }
        })
        let response = try await source.execute(request, for: key)
        #expect(response.status == .ok)
        #expect(try await source.token(for: key) != first)
        #expect(await source.requestsSent == 2)

        // A 403 is about scope, not the token: no retry, no new token.
        let forbidden = try await source.execute(HTTPClientRequest(url: api.baseURL + "/admin"), for: key)
        #expect(forbidden.status == .forbidden)
        #expect(await source.requestsSent == 2)
    }
}
