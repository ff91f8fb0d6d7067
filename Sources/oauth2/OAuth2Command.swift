import ArgumentParser

struct OAuth2Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oauth2",
        abstract: "OAuth 2.0 client-credentials authorization server with a terminal console.",
        subcommands: [ConsoleCommand.self, ServeCommand.self, ClientCommand.self, ScopeCommand.self, TokenCommand.self, KeyCommand.self, AuditCommand.self, StoreMaintenanceCommand.self],
        defaultSubcommand: ConsoleCommand.self
    )
}
