import Foundation
import OAuth2Core
import OAuth2ResourceServer
import OAuth2Store
import OAuth2Transport
import ServerTestSupport
import Testing
import TestSupport

/// Opaque tokens verified by RFC 7662 introspection at the real server, answers cached for
/// a bounded time; automatic mode picks local verification for JWTs.
@Suite struct IntrospectionModeTests {
    private static func verifier(_ harness: ServerHarness, _ mode: VerifierConfiguration.Mode, clock: ManualClock) throws -> AccessTokenVerifier {
        let reader = try harness.register(introspect: true)
        var configuration = VerifierConfiguration(issuer: harness.baseURL, audience: TokenForger.audience)
        configuration.mode = mode
        configuration.credentials = ClientAuthentication(clientID: reader.id, secret: reader.secret, method: .clientSecretPost)
        configuration.introspectionCacheLifetime = .seconds(30)
        return AccessTokenVerifier(configuration: configuration, now: { clock.now })
    }

    private static let resource = "&scope=read&resource=" + ServerHarness.formEncode(TokenForger.audience)

    @Test func anOpaqueTokenIsIntrospectedAndItsRevocationSeenOnceTheCachedAnswerAges() async throws {
        let harness = try ServerHarness()
        let clock = ManualClock()
        let verifier = try Self.verifier(harness, .introspection, clock: clock)
        let client = try harness.register(format: .opaque, audiences: [TokenForger.audience])
        let token = try await harness.accessToken(client, Self.resource)
        let verified = try await verifier.verify(token)
        #expect(verified.method == .introspection && verified.claims.clientID == client.id && verified.scopes == ["read"])

        _ = try harness.store.revokeTokens(clientId: client.id, reason: "test", actor: .cli)
        clock.advance(by: .seconds(10))
        _ = try await verifier.verify(token)  // the cached answer, still within its 30 s
        clock.advance(by: .seconds(21))
        #expect(await AccessTokenVerifierTests.rejection(verifier, token) == .invalidToken("not active"))
    }

    @Test func automaticModeVerifiesJWTsLocallyAndIntrospectsTheRest() async throws {
        let harness = try ServerHarness()
        let verifier = try Self.verifier(harness, .automatic, clock: ManualClock())
        let opaque = try harness.register(format: .opaque, audiences: [TokenForger.audience])
        let jwt = try harness.register(format: .jwt, audiences: [TokenForger.audience])
        #expect(try await verifier.verify(try await harness.accessToken(opaque, Self.resource)).method == .introspection)
        #expect(try await verifier.verify(try await harness.accessToken(jwt, Self.resource)).method == .jwt)
        #expect(await AccessTokenVerifierTests.rejection(verifier, "o2t_made.up") == .invalidToken("not active"))
    }

    @Test func aTokenForAnotherAudienceIsRefusedByIntrospectionToo() async throws {
        let harness = try ServerHarness()
        let verifier = try Self.verifier(harness, .introspection, clock: ManualClock())
        let client = try harness.register(format: .opaque)
        let token = try await harness.accessToken(client)
        #expect(await AccessTokenVerifierTests.rejection(verifier, token) == .invalidToken("not for this resource server"))
    }
}
