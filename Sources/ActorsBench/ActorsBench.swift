import Foundation
import JWTKit
import OAuth2Client
import OAuth2Core
import OAuth2ResourceServer
import OAuth2Transport

/// Figures for scripts/bench-actors, against a running `oauth2 serve`: local JWT
/// verifications per second on one task beside a bare jwt-kit verify of the same token
/// (every signature checked, and a token seen before), and cached `TokenSource` lookups
/// per second. Usage: ActorsBench ISSUER CLIENT_ID CLIENT_SECRET
/// READER_ID READER_SECRET AUDIENCE [SECONDS]
@main
enum ActorsBench {
    static func main() async throws {
        let arguments = CommandLine.arguments.dropFirst().map { $0 }
        guard arguments.count >= 6 else {
            FileHandle.standardError.write(Data("usage: ActorsBench ISSUER CLIENT_ID CLIENT_SECRET READER_ID READER_SECRET AUDIENCE [SECONDS]\n".utf8))
            exit(2)
        }
        let (issuer, audience) = (arguments[0], arguments[5])
        let seconds = arguments.count > 6 ? Double(arguments[6]) ?? 3 : 3
        let source = TokenSource(configuration: TokenSourceConfiguration(
            endpoint: .issuer(issuer), authentication: ClientAuthentication(clientID: arguments[1], secret: arguments[2])))
        let key = TokenKey(resources: [audience])
        let token = try await source.token(for: key).value

        var configuration = VerifierConfiguration(issuer: issuer, audience: audience)
        configuration.credentials = ClientAuthentication(clientID: arguments[3], secret: arguments[4])
        configuration.followsRevocations = true
        let verifier = AccessTokenVerifier(configuration: configuration)
        let follower = Task { await verifier.followRevocations() }
        while !verifier.revocations.isCaughtUp { try await Task.sleep(for: .milliseconds(10)) }

        let jwks = try await HTTPTransport().get(issuer + "/jwks.json")
        let bare = JWTKeyCollection()
        try await bare.add(jwksJSON: String(buffer: jwks.body))

        var uncached = configuration
        uncached.verifiedTokenCacheLifetime = .zero
        let checksEverySignature = AccessTokenVerifier(configuration: uncached)
        let uncachedFollower = Task { await checksEverySignature.followRevocations() }
        while !checksEverySignature.revocations.isCaughtUp { try await Task.sleep(for: .milliseconds(10)) }

        let everySignature = try await rate(for: seconds) { _ = try await checksEverySignature.verify(token) }
        let library = try await rate(for: seconds) { _ = try await verifier.verify(token) }
        let jwtKit = try await rate(for: seconds) { _ = try await bare.verify(token, as: BareClaims.self) }
        let lookups = try await rate(for: seconds) { _ = try await source.token(for: key) }
        follower.cancel()
        uncachedFollower.cancel()
        report("bare jwt-kit verify (same token)", jwtKit)
        report("AccessTokenVerifier, every signature checked", everySignature, String(format: "%.2f of bare (target ≥ 0.80)", everySignature / jwtKit))
        report("AccessTokenVerifier, token seen before", library, String(format: "%.2f of bare", library / jwtKit))
        report("TokenSource, cached lookups", lookups, "(target ≥ 1,000,000)")
    }

    static func report(_ label: String, _ rate: Double, _ note: String = "") {
        print(label.padding(toLength: 46, withPad: " ", startingAt: 0) + String(format: "%12.0f /s   ", rate) + note)
    }

    /// Calls of `body` per second, one after another on this task, for `seconds`.
    static func rate(for seconds: Double, _ body: @Sendable () async throws -> Void) async throws -> Double {
        for _ in 0..<1000 { try await body() }
        let clock = ContinuousClock()
        let start = clock.now
        var calls = 0
        while true {
            for _ in 0..<256 { try await body() }
            calls += 256
            let elapsed = clock.now - start
            if elapsed >= .seconds(seconds) {
                return Double(calls) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
        }
    }
}

/// What a bare jwt-kit user decodes: the same claims, with no checks beyond the signature.
struct BareClaims: JWTPayload {
    let iss: String
    let aud: Audience
    let exp: Int64
    let iat: Int64
    let jti: String

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
