import ArgumentParser
import Foundation
import Hummingbird
import Logging
import OAuth2Hummingbird
import OAuth2ResourceServer
import OAuth2Transport

/// The example resource server: a Hummingbird service whose routes need scopes, verifying
/// tokens locally against the issuer's JWKS and following its revocation feed.
@main
struct OrdersAPI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders-api", abstract: "Example resource server: GET /orders (orders:read), POST /orders (orders:write).")
    @Option(help: "The authorization server's issuer URL (default: $OAUTH2_ISSUER, else http://127.0.0.1:8080).") var issuer: String?
    @Option(help: "This API's identifier, required in tokens' aud.") var audience = "https://orders.example"
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8081
    @Option(help: "The client id this API follows revocations as (it needs the introspect permission).") var clientId: String?
    @Option(help: "A file whose first line is that client's secret (default: $OAUTH2_CLIENT_SECRET).") var clientSecretFile: String?
    @Flag(help: "Serve the routes without verifying tokens: only to measure what verification costs.") var withoutVerification = false

    func run() async throws {
        let logger = Logger(label: "orders-api")
        let verifier = withoutVerification ? nil : try makeVerifier(logger: logger)
        let app = Application(router: OrdersRoutes.router(verifier: verifier, book: OrderBook()),
                              configuration: .init(address: .hostname(host, port: port), serverName: "orders-api"),
                              services: verifier.map { [RevocationFollowingService($0)] } ?? [], logger: logger)
        try await app.runService()
    }

    private func makeVerifier(logger: Logger) throws -> AccessTokenVerifier {
        var configuration = VerifierConfiguration(issuer: DefaultIssuer.resolve(issuer), audience: audience)
        if let clientId {
            configuration.credentials = ClientAuthentication(clientID: clientId, secret: try ClientSecretSource.read(file: clientSecretFile))
            configuration.followsRevocations = true
        } else {
            logger.warning("no --client-id: revoked tokens are accepted until they expire")
        }
        return AccessTokenVerifier(configuration: configuration, logger: logger)
    }
}
