import Foundation
import NIOConcurrencyHelpers
import OAuth2Core
import OAuth2ResourceServer
import OAuth2Server
import OAuth2Store
import ServerTestSupport
import Testing
import TestSupport

/// Local verification of RFC 9068 JWTs against a real authorization server's JWKS: a good
/// token passes, and each defect of RFC 9068 §4 is refused for its own reason.
@Suite struct AccessTokenVerifierTests {
    static func verifier(_ harness: ServerHarness, configure: (inout VerifierConfiguration) -> Void = { _ in }) -> AccessTokenVerifier {
        var configuration = VerifierConfiguration(issuer: harness.baseURL, audience: TokenForger.audience)
        configure(&configuration)
        return AccessTokenVerifier(configuration: configuration)
    }

    static func rejection(_ verifier: AccessTokenVerifier, _ token: String) async -> BearerError? {
        do {
            _ = try await verifier.verify(token)
            return nil
        } catch {
            return error
        }
    }

    @Test func aTokenTheServerIssuedIsAcceptedWithItsClaims() async throws {
        let harness = try ServerHarness()
        let client = try harness.register(audiences: [TokenForger.audience])
        let token = try await harness.accessToken(client, "&scope=read&resource=" + ServerHarness.formEncode(TokenForger.audience))
        let verified = try await Self.verifier(harness).verify(token)
        #expect(verified.method == .jwt)
        #expect(verified.claims.clientID == client.id && verified.claims.issuer == harness.baseURL)
        #expect(verified.scopes == ["read"])
        #expect(throws: BearerError.insufficientScope(required: ["write"])) { try verified.requireScopes(["write"]) }
        // So is one forged with the server's own key and sound claims: the forger is faithful.
        _ = try await Self.verifier(harness).verify(try TokenForger(harness).sign())
    }

    @Test func everyRFC9068DefectIsRefusedForItsReason() async throws {
        let harness = try ServerHarness()
        let forger = try TokenForger(harness)
        let verifier = Self.verifier(harness)
        let now = Int(Date().timeIntervalSince1970)
        let good = forger.claims(now: now)
        var header = forger.header
        func with(_ changes: [String: Any], _ base: [String: Any]) -> [String: Any] { base.merging(changes) { $1 } }
        let strangerKey = try SigningKey(record: SigningKeyRecord.generate(.es256))
        let strangerHeader = ["alg": "ES256", "kid": strangerKey.kid, "typ": "at+jwt"]
        let signedByStranger = try TokenForger.encode(strangerHeader) + "." + TokenForger.encode(good)
        let tampered: String = try {
            let parts = try forger.sign().split(separator: ".")
            return parts[0] + "." + (try TokenForger.encode(with(["scope": "read write admin"], good))) + "." + parts[2]
        }()
        header["typ"] = "JWT"
        let cases: [(String, String, String)] = [
            ("wrong typ", try forger.sign(header: header), "not an access token (typ must be at+jwt)"),
            ("alg none", try TokenForger.encode(["alg": "none", "typ": "at+jwt"]) + "." + TokenForger.encode(good) + ".", "algorithm not accepted"),
            ("HS256 keyed with the public key", try forger.hmacWithPublicKey(), "algorithm not accepted"),
            ("unknown kid", signedByStranger + "." + Base64URL.encode(try strangerKey.sign(Array(signedByStranger.utf8))),
             "the token's key is not one of the issuer's"),
            ("wrong iss", try forger.sign(claims: with(["iss": "https://elsewhere.example"], good)), "wrong issuer"),
            ("wrong aud", try forger.sign(claims: with(["aud": ["https://other.example"]], good)), "not for this resource server"),
            ("expired", try forger.sign(claims: with(["iat": now - 600, "exp": now - 60], good)), "expired"),
            ("not yet valid", try forger.sign(claims: with(["nbf": now + 600], good)), "not yet valid"),
            ("issued in the future", try forger.sign(claims: with(["iat": now + 600], good)), "issued in the future"),
            ("tampered payload", tampered, "bad signature or malformed claims"),
            ("not a JWT", "o2t_opaque.token", "not a JWT"),
        ]
        for (name, token, reason) in cases {
            let rejection = await Self.rejection(verifier, token)
            #expect(rejection == .invalidToken(reason), "\(name)")
        }
        // Within the leeway, skew is forgiven.
        _ = try await verifier.verify(try forger.sign(claims: with(["iat": now + 3, "nbf": now + 3], good)))
    }

    @Test func aTokenSeenBeforeIsStillRefusedOnceItExpires() async throws {
        let harness = try ServerHarness()
        let clock = NIOLockedValueBox(Int64(Date().timeIntervalSince1970))
        let verifier = AccessTokenVerifier(configuration: VerifierConfiguration(issuer: harness.baseURL, audience: TokenForger.audience),
                                           wallClock: { clock.withLockedValue { $0 } })
        let token = try TokenForger(harness).sign()
        _ = try await verifier.verify(token)
        _ = try await verifier.verify(token)
        clock.withLockedValue { $0 += 400 }
        #expect(await Self.rejection(verifier, token) == .invalidToken("expired"))
    }

    @Test func anAudienceListNeedsOnlyToContainThisServer() async throws {
        let harness = try ServerHarness()
        let forger = try TokenForger(harness)
        let claims = forger.claims().merging(["aud": ["https://other.example", TokenForger.audience]]) { $1 }
        _ = try await Self.verifier(harness).verify(try forger.sign(claims: claims))
    }

    @Test(arguments: [SigningAlgorithm.rs256, .edDSA])
    func otherAlgorithmsTheServerSignsWithVerify(_ algorithm: SigningAlgorithm) async throws {
        let harness = try ServerHarness(signingAlgorithm: algorithm)
        _ = try await Self.verifier(harness).verify(try TokenForger(harness).sign())
        let narrow = Self.verifier(harness) { $0.algorithms = ["ES256"] }
        #expect(await Self.rejection(narrow, try TokenForger(harness).sign()) == .invalidToken("algorithm not accepted"))
    }

    @Test func theAuthorizationHeaderIsReadAsRFC6750Says() async throws {
        let harness = try ServerHarness()
        let verifier = Self.verifier(harness)
        let token = try TokenForger(harness).sign()
        for header in [nil, "", "Basic abc", "Bearer"] {
            await #expect(throws: BearerError.missingToken) { try await verifier.verify(authorization: header) }
        }
        _ = try await verifier.verify(authorization: "bearer " + token, requiring: ["read"])
        await #expect(throws: BearerError.insufficientScope(required: ["read", "write"])) {
            try await verifier.verify(authorization: "Bearer " + token, requiring: ["read", "write"])
        }
    }
}
