import ArgumentParser
import Foundation
import OAuth2Core
import OAuth2Store

struct ClientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client", abstract: "Register and manage client applications.",
        subcommands: [Add.self, List.self, Show.self, Update.self, Rotate.self, ExpireSecret.self,
                      Disable.self, Enable.self, Delete.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a client; prints its secret, once.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "A name for people to recognise the client by.") var name: String
        @Option(name: .long, help: "Allowed scopes, space-separated; repeatable.") var scope: [String] = []
        @Option(help: "Access-token lifetime (\(DurationRange.tokenLifetime)).", transform: DurationOption.within(.tokenLifetime))
        var ttl = DurationOption(seconds: TokenLifetime.defaultSeconds)
        @Option(help: "Access-token format: jwt or opaque.") var format = TokenFormat.jwt
        @Option(help: "An audience (RFC 8707 resource URI) the client may ask for; repeatable.") var audience: [String] = []
        @Flag(help: "Allow the client to introspect any client's tokens.") var introspect = false

        func run() throws {
            let spec = ClientSpec(name: name, scopes: scopeNames(scope), tokenTtl: ttl.seconds, tokenFormat: format,
                                  audiences: audience, canIntrospect: introspect)
            let registration = try options.open().registerClient(spec, actor: .cli)
            try revealSecret(of: registration, verb: "registered", json: options.json)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List clients.")
        @OptionGroup var options: StoreOptions

        func run() throws {
            let clients = try options.open().listClients()
            if options.json { return try Output.json(clients.map { ClientJSON($0) }) }
            Output.table(["CLIENT_ID", "NAME", "STATUS", "SCOPES", "TTL", "FORMAT", "SECRETS", "LIVE_TOKENS"], clients.map {
                [$0.id, $0.client.name, $0.client.status.rawValue, $0.scopes.joined(separator: " "),
                 DurationText.format($0.client.tokenTtl), $0.client.tokenFormat.rawValue, "\($0.secrets.count)", "\($0.liveTokens)"]
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one client, its secrets by prefix, never the secrets.")
        @OptionGroup var options: StoreOptions
        @Argument var clientId: String

        func run() throws {
            let details = try options.open().client(id: clientId)
            if options.json { return try Output.json(ClientJSON(details)) }
            printDetails(details)
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a client's name, scopes, TTL, format, audiences or introspect permission.")
        @OptionGroup var options: StoreOptions
        @Argument var clientId: String
        @Option var name: String?
        @Option(name: .long, help: "Replace the allowed scopes (space-separated; repeatable).") var scope: [String] = []
        @Option(help: "Access-token lifetime (\(DurationRange.tokenLifetime)).", transform: DurationOption.within(.tokenLifetime))
        var ttl: DurationOption?
        @Option var format: TokenFormat?
        @Option(help: "Replace the allowed audiences; repeatable. --audience '' clears them.") var audience: [String] = []
        @Option(help: "true or false.") var introspect: Bool?

        func run() throws {
            let changes = ClientChanges(
                name: name, scopes: scope.isEmpty ? nil : scopeNames(scope), tokenTtl: ttl?.seconds, tokenFormat: format,
                audiences: audience.isEmpty ? nil : audience.filter { !$0.isEmpty }, canIntrospect: introspect)
            let details = try options.open().updateClient(id: clientId, changes, actor: .cli)
            if options.json { return try Output.json(ClientJSON(details)) }
            print("updated client \(clientId)")
            printDetails(details)
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a new secret; the old one keeps working for the grace period.")
        @OptionGroup var options: StoreOptions
        @Argument var clientId: String
        @Option(help: "How long the previous secret keeps working, \(DurationRange.secretGrace) (0 ends it now).",
                transform: DurationOption.within(.secretGrace))
        var grace = DurationOption(seconds: 86_400)

        func run() throws {
            let registration = try options.open().rotateSecret(clientId: clientId, grace: grace.seconds, actor: .cli)
            try revealSecret(of: registration, verb: "rotated the secret of", json: options.json)
        }
    }

    struct ExpireSecret: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "expire-secret", abstract: "End one of a client's secrets now.")
        @OptionGroup var options: StoreOptions
        @Argument var clientId: String
        @Argument(help: "The secret's display prefix, as `client show` lists it.") var prefix: String

        func run() throws {
            let details = try options.open().expireSecret(clientId: clientId, displayPrefix: prefix, actor: .cli)
            if options.json { return try Output.json(ClientJSON(details)) }
            print("ended secret \(prefix)… of client \(clientId); \(details.secrets.count) live secret(s) left")
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Refuse the client tokens from now on.")
        @OptionGroup var options: StoreOptions
        @Argument var clientId: String
        @Flag(help: "Also revoke its live tokens.") var revokeTokens = false

        func run() throws {
            let result = try options.open().setStatus(clientId: clientId, .disabled, revokeTokens: revokeTokens, actor: .cli)
            if options.json { return try Output.json(ClientJSON(result.client)) }
            print("disabled client \(clientId)" + (revokeTokens ? "; revoked \(result.revoked) token(s)" : ""))
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a disabled client get tokens again.")
        @OptionGroup var options: StoreOptions
        @Argument var clientId: String

        func run() throws {
            let result = try options.open().setStatus(clientId: clientId, .active, actor: .cli)
            if options.json { return try Output.json(ClientJSON(result.client)) }
            print("enabled client \(clientId)")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a client and revoke its tokens (asks first on a terminal).")
        @OptionGroup var options: StoreOptions
        @Argument var clientId: String
        @Flag(help: "Do not ask for confirmation.") var yes = false

        func run() throws {
            let store = try options.open()
            let details = try store.client(id: clientId)
            if !yes {
                try TerminalConfirmation.require("Delete client \(details.client.name) (\(clientId)) and revoke its \(details.liveTokens) live token(s)?")
            }
            let revoked = try store.deleteClient(id: clientId, actor: .cli)
            if options.json { return try Output.json(["deleted": clientId, "revoked_tokens": "\(revoked)"]) }
            print("deleted client \(clientId); revoked \(revoked) token(s)")
        }
    }
}

/// Prints a secret the one time it is ever shown, with the client it belongs to.
private func revealSecret(of registration: Registration, verb: String, json: Bool) throws {
    if json { return try Output.json(ClientJSON(registration.client, secret: registration.secret)) }
    print("\(verb) client \(registration.client.client.name)")
    Output.fields([("client_id", registration.client.id), ("client_secret", registration.secret.plaintext)])
    FileHandle.standardError.write(Data("note: the secret is shown only this once and stored only hashed; keep it safe now.\n".utf8))
}

private func printDetails(_ details: ClientDetails) {
    let client = details.client
    Output.fields([
        ("client_id", client.id), ("name", client.name), ("status", client.status.rawValue),
        ("scopes", details.scopes.joined(separator: " ")), ("audiences", details.audiences.joined(separator: " ")),
        ("token_ttl", DurationText.format(client.tokenTtl)), ("token_format", client.tokenFormat.rawValue),
        ("introspect", client.canIntrospect ? "yes" : "no"), ("live_tokens", "\(details.liveTokens)"),
        ("created", Output.time(client.createdAt) ?? ""),
    ])
    print("")
    Output.table(["SECRET", "CREATED", "EXPIRES"], details.secrets.map {
        [$0.displayPrefix + "…", Output.relative($0.createdAt), $0.expiresAt.map { Output.relative($0) } ?? "never"]
    })
}
