import ArgumentParser
import OAuth2Core
import OAuth2Store

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "List, revoke and purge issued tokens; get and verify one as a client or resource server would.",
        subcommands: [List.self, Revoke.self, Purge.self, TokenGetCommand.self, TokenVerifyCommand.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens, newest first.")
        @OptionGroup var options: StoreOptions
        @Option(name: .customLong("client"), help: "Only this client's tokens.") var clientId: String?
        @Flag(exclusivity: .exclusive, help: "Only tokens in this state.") var state: TokenState?
        @Option(help: "At most this many rows.") var limit = 100

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be positive") }
        }

        func run() throws {
            let now = Clock.system.now()
            let tokens = try options.open().listTokens(TokenQuery(clientId: clientId, state: state, limit: limit))
            if options.json { return try Output.json(tokens.map { TokenJSON($0, now: now) }) }
            Output.table(["JTI", "CLIENT_ID", "SCOPE", "FORMAT", "ISSUED", "EXPIRES", "STATE"], tokens.map {
                [$0.jti, $0.clientId, $0.scope, $0.format.rawValue, Output.relative($0.issuedAt, now: now),
                 Output.relative($0.expiresAt, now: now), $0.state(at: now).rawValue]
            })
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke one token by jti, or every live token of a client.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The token's jti.") var jti: String?
        @Option(name: .customLong("client"), help: "Revoke every live token of this client instead.") var clientId: String?
        @Option(help: "Why, for the audit trail.") var reason = "revoked by admin"

        func validate() throws {
            guard (jti == nil) != (clientId == nil) else { throw ValidationError("give either a JTI or --client CLIENT_ID") }
        }

        func run() throws {
            let store = try options.open()
            if let clientId {
                let count = try store.revokeTokens(clientId: clientId, reason: reason, actor: .cli)
                if options.json { return try Output.json(["client_id": clientId, "revoked": "\(count)"]) }
                print("revoked \(count) token(s) of client \(clientId)")
            } else if let jti {
                let wasLive = try store.revokeToken(jti: jti, reason: reason, actor: .cli)
                if options.json { return try Output.json(["jti": jti, "revoked": wasLive ? "true" : "false"]) }
                print(wasLive ? "revoked token \(jti)" : "token \(jti) was already revoked or expired")
            }
        }
    }

    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete rows of tokens that expired or were revoked before the retention period.")
        @OptionGroup var options: StoreOptions
        @Option(name: .customLong("older-than"), help: "Retention: keep rows that ended more recently than this (\(DurationRange.lookBack)).",
                transform: DurationOption.within(.lookBack))
        var olderThan = DurationOption(seconds: 7 * 86_400)

        func run() throws {
            let deleted = try options.open().purgeTokens(retention: olderThan.seconds, actor: .cli)
            if options.json { return try Output.json(["deleted": deleted]) }
            print("purged \(deleted) token row(s) that ended over \(DurationText.format(olderThan.seconds)) ago")
        }
    }
}

extension TokenState: EnumerableFlag {}
