import Foundation
import OAuth2Core
import OAuth2ResourceServer
import OAuth2Server
import OAuth2Store
import ServerTestSupport
import Testing
import TestSupport

/// The JWKS as the verifier keeps it: refetched for a new key at most once per interval,
/// and still used, while stale, when the authorization server is down.
@Suite struct KeySetCacheTests {
    private static func verifier(_ harness: ServerHarness, clock: ManualClock) -> AccessTokenVerifier {
        var configuration = VerifierConfiguration(issuer: harness.baseURL, audience: TokenForger.audience)
        configuration.unknownKeyRefetchInterval = .seconds(5)
        configuration.transport.timeout = .seconds(1)
        return AccessTokenVerifier(configuration: configuration, now: { clock.now })
    }

    @Test func aRotatedKeyIsFetchedOnItsFirstTokenButNotMoreOftenThanTheInterval() async throws {
        let harness = try ServerHarness()
        let clock = ManualClock()
        let verifier = Self.verifier(harness, clock: clock)
        _ = try await verifier.verify(try TokenForger(harness).sign())

        let newKey = try harness.store.activate(SigningKeyRecord.generate(.es256), actor: .cli)
        // The server reloads its keys each second: wait until it publishes the new one.
        #expect(try await eventually(within: .seconds(5)) { try await harness.get("/jwks.json").text.contains(newKey.kid) })
        let rotated = try TokenForger(harness).sign()
        clock.advance(by: .seconds(1))
        // The set was fetched a second ago: the new kid is refused without asking again...
        #expect(await AccessTokenVerifierTests.rejection(verifier, rotated) == .invalidToken("the token's key is not one of the issuer's"))
        clock.advance(by: .seconds(5))
        // ...and once the interval has passed, the first token with it brings the new set.
        _ = try await verifier.verify(rotated)
    }

    @Test func theLastGoodSetKeepsVerifyingWhileTheServerIsDownAndUnknownKeysFailClosed() async throws {
        let harness = try ServerHarness()
        let clock = ManualClock()
        let verifier = Self.verifier(harness, clock: clock)
        let forger = try TokenForger(harness)
        _ = try await verifier.verify(try forger.sign())
        harness.server.shutdown()
        // Long past any cache lifetime: the refresh fails, the set in hand stays.
        clock.advance(by: .seconds(7200))
        _ = try await verifier.verify(try forger.sign())
        _ = try await verifier.verify(try forger.sign())

        let stranger = try SigningKey(record: SigningKeyRecord.generate(.es256))
        let input = try TokenForger.encode(["alg": "ES256", "kid": stranger.kid, "typ": "at+jwt"]) + "." + TokenForger.encode(forger.claims())
        let unknown = input + "." + Base64URL.encode(try stranger.sign(Array(input.utf8)))
        #expect(await AccessTokenVerifierTests.rejection(verifier, unknown) == .invalidToken("the token's key is not one of the issuer's"))
    }

    @Test func withoutAnySetYetAnUnreachableServerIsUnavailableNotInvalid() async throws {
        let harness = try ServerHarness()
        let forger = try TokenForger(harness)
        let verifier = AccessTokenVerifierTests.verifier(harness) { $0.transport.timeout = .seconds(1) }
        harness.server.shutdown()
        #expect(await AccessTokenVerifierTests.rejection(verifier, try forger.sign()) == .unavailable("the issuer's keys could not be fetched"))
    }
}
