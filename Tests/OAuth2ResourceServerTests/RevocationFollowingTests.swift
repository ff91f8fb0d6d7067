import Foundation
import OAuth2Core
import OAuth2ResourceServer
import OAuth2Store
import OAuth2Transport
import ServerTestSupport
import Testing
import TestSupport

/// A verifier following the real server's revocation feed stops revoked tokens while
/// verifying locally. It polls every 200 ms here; the deadlines leave room for a loaded
/// machine running the suite in parallel (the end-to-end tests hold the example API to
/// the 2 s that README promises).
@Suite struct RevocationFollowingTests {
    /// A verifier following the feed as `reader`, caught up before it is returned.
    private static func following(_ harness: ServerHarness, as reader: ServerHarness.Credentials) async throws -> (AccessTokenVerifier, Task<Void, Never>) {
        let verifier = AccessTokenVerifierTests.verifier(harness) { configuration in
            configuration.credentials = ClientAuthentication(clientID: reader.id, secret: reader.secret)
            configuration.followsRevocations = true
            configuration.revocationPollInterval = .milliseconds(200)
        }
        let follower = Task { await verifier.followRevocations() }
        #expect(await eventually(within: .seconds(5)) { verifier.revocations.isCaughtUp })
        return (verifier, follower)
    }

    private static func token(_ harness: ServerHarness, _ client: ServerHarness.Credentials) async throws -> String {
        try await harness.accessToken(client, "&resource=" + ServerHarness.formEncode(TokenForger.audience))
    }

    private static func isRejected(_ verifier: AccessTokenVerifier, _ token: String) async -> Bool {
        await AccessTokenVerifierTests.rejection(verifier, token) == .invalidToken("revoked")
    }

    @Test func aRevokedTokenIsRefusedAtTheNextPollAndOthersStillPass() async throws {
        let harness = try ServerHarness()
        let reader = try harness.register(introspect: true)
        let client = try harness.register(audiences: [TokenForger.audience])
        let (verifier, follower) = try await Self.following(harness, as: reader)
        defer { follower.cancel() }
        let revoked = try await Self.token(harness, client)
        let kept = try await Self.token(harness, client)
        _ = try await verifier.verify(revoked)

        let jti = try #require(try await verifier.verify(revoked).claims.jwtID)
        try harness.store.revokeToken(jti: jti, reason: "test", actor: .cli)
        #expect(await eventually(within: .seconds(5)) { await Self.isRejected(verifier, revoked) })
        _ = try await verifier.verify(kept)
    }

    @Test(arguments: ["revoke all", "disable", "delete"])
    func aClientWideRevocationStopsEveryEarlierTokenOfTheClient(_ action: String) async throws {
        let harness = try ServerHarness()
        let reader = try harness.register(introspect: true)
        let client = try harness.register(audiences: [TokenForger.audience])
        let bystander = try harness.register(audiences: [TokenForger.audience])
        let (verifier, follower) = try await Self.following(harness, as: reader)
        defer { follower.cancel() }
        let tokens = [try await Self.token(harness, client), try await Self.token(harness, client)]
        let other = try await Self.token(harness, bystander)
        switch action {
        case "revoke all": _ = try harness.store.revokeTokens(clientId: client.id, reason: "test", actor: .console)
        case "disable": _ = try harness.store.setStatus(clientId: client.id, .disabled, actor: .console)
        default: _ = try harness.store.deleteClient(id: client.id, actor: .console)
        }
        for token in tokens {
            #expect(await eventually(within: .seconds(5)) { await Self.isRejected(verifier, token) })
        }
        _ = try await verifier.verify(other)
    }

    @Test func untilTheFeedHasBeenReadOnceTokensAreNotVouchedFor() async throws {
        let harness = try ServerHarness()
        let reader = try harness.register(introspect: true)
        let verifier = AccessTokenVerifierTests.verifier(harness) { configuration in
            configuration.credentials = ClientAuthentication(clientID: reader.id, secret: "o2s_not-the-secret")
            configuration.followsRevocations = true
        }
        let follower = Task { await verifier.followRevocations() }
        defer { follower.cancel() }
        let rejection = await AccessTokenVerifierTests.rejection(verifier, try TokenForger(harness).sign())
        #expect(rejection == .unavailable("revocations not yet known"))
    }
}
