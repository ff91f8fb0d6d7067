import ArgumentParser
import Foundation
import Logging
import OAuth2Core
import OAuth2ResourceServer

/// `oauth2 token verify`: the resource server's check from the shell, through
/// `OAuth2ResourceServer`. With a client that may introspect, it reads the revocation feed
/// first (as a following resource server knows it) and introspects tokens that are not JWTs.
struct TokenVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Verify an access token as a resource server would; exit 1 with the reason when it is not good.")
    @Argument(help: "The token, or - to read it from standard input.") var token: String
    @OptionGroup var issuer: IssuerOption
    @Option(help: "This resource server's identifier, required in aud (default: the issuer).") var audience: String?
    @OptionGroup var credentials: ClientCredentialOptions
    @Flag(name: .long, help: "Print the checked claims as JSON.") var json = false

    func run() async throws {
        let presented = token == "-" ? (readLine(strippingNewline: true) ?? "") : token
        var configuration = VerifierConfiguration(issuer: issuer.url, audience: audience ?? issuer.url)
        configuration.credentials = try credentials.authentication()
        configuration.followsRevocations = configuration.credentials != nil
        configuration.mode = configuration.credentials != nil ? .automatic : .jwt
        let verifier = AccessTokenVerifier(configuration: configuration, logger: Logger(label: "oauth2.token-verify") { _ in SwiftLogNoOpLogHandler() })
        let follower = Task { await verifier.followRevocations() }
        defer { follower.cancel() }
        if configuration.followsRevocations {
            let deadline = ContinuousClock.now + .seconds(10)
            while !verifier.revocations.isCaughtUp, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        }
        let verified: VerifiedToken
        do {
            verified = try await verifier.verify(presented)
        } catch {
            throw CommandFailure("\(error)")
        }
        let claims = verified.claims
        if json { return try Output.json(claims) }
        let expiry = claims.expiresAt.flatMap { Output.time($0) } ?? "-"
        print("valid (\(verified.method.rawValue)\(configuration.followsRevocations ? ", not revoked" : ", revocation not checked: no --client-id"))")
        Output.table(["CLAIM", "VALUE"], [
            ["iss", claims.issuer ?? "-"], ["sub", claims.subject ?? "-"], ["client_id", claims.clientID ?? "-"],
            ["aud", claims.audience?.values.joined(separator: " ") ?? "-"], ["scope", claims.scope ?? "-"],
            ["jti", claims.jwtID ?? "-"], ["exp", expiry],
        ])
    }
}
