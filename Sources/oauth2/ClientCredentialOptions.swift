import ArgumentParser
import OAuth2Transport

/// A client registration to act as, for the commands that play a client application or a
/// resource server: the secret from a file or `$OAUTH2_CLIENT_SECRET`, never an argument.
struct ClientCredentialOptions: ParsableArguments {
    @Option(help: "The client id to authenticate as.") var clientId: String?
    @Option(help: ArgumentHelp("A file whose first line is the client secret (default: $OAUTH2_CLIENT_SECRET).", valueName: "path"))
    var clientSecretFile: String?
    @Option(help: "How to send the secret: client_secret_basic or client_secret_post.") var authMethod = ClientAuthentication.Method.clientSecretBasic

    /// The credentials, or nil when no client id was given.
    func authentication() throws -> ClientAuthentication? {
        guard let clientId else { return nil }
        do {
            return ClientAuthentication(clientID: clientId, secret: try ClientSecretSource.read(file: clientSecretFile), method: authMethod)
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}

extension ClientAuthentication.Method: ExpressibleByArgument {}

/// The issuer to talk to: `--issuer`, else `$OAUTH2_ISSUER`, else the local default server.
struct IssuerOption: ParsableArguments {
    @Option(help: ArgumentHelp("The authorization server's issuer URL (default: $OAUTH2_ISSUER, else http://127.0.0.1:8080).", valueName: "url"))
    var issuer: String?

    var url: String {
        DefaultIssuer.resolve(issuer)
    }
}
