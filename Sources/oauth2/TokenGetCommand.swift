import ArgumentParser
import Foundation
import Logging
import OAuth2Client
import OAuth2Core
import OAuth2Transport

/// `oauth2 token get`: a client application from the shell, through `OAuth2Client`.
struct TokenGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Get an access token as a client (client credentials grant); prints the token.")
    @OptionGroup var issuer: IssuerOption
    @OptionGroup var credentials: ClientCredentialOptions
    @Option(name: .long, help: "Scopes to ask for, space-separated; repeatable.") var scope: [String] = []
    @Option(name: .long, help: "An RFC 8707 resource (audience) to ask for; repeatable.") var resource: [String] = []
    @Flag(name: .long, help: "Print the token with its scope and lifetime as JSON.") var json = false

    func validate() throws {
        guard credentials.clientId != nil else { throw ValidationError("--client-id is required") }
    }

    func run() async throws {
        guard let authentication = try credentials.authentication() else { return }
        let source = TokenSource(configuration: TokenSourceConfiguration(endpoint: .issuer(issuer.url), authentication: authentication),
                                 logger: .init(label: "oauth2.token-get") { _ in SwiftLogNoOpLogHandler() })
        let token: AccessToken
        do {
            token = try await source.token(scopes: scope.flatMap { $0.split(separator: " ").map(String.init) }, resources: resource)
        } catch {
            throw CommandFailure("\(error)")
        }
        guard json else { return print(token.value) }
        let expiresIn = Int((token.expiresAt - ContinuousClock.now).components.seconds)
        try Output.json(TokenResponse(accessToken: token.value, tokenType: "Bearer", expiresIn: expiresIn, scope: token.scope))
    }
}
