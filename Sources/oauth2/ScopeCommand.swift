import ArgumentParser
import OAuth2Store

struct ScopeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scope", abstract: "Register, list and delete scopes.",
        subcommands: [Add.self, List.self, Delete.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a scope.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "Scope name (RFC 6749 §3.3: printable ASCII, no spaces, quotes or backslashes).") var name: String
        @Option(help: "What the scope grants.") var description = ""

        func run() throws {
            let scope = try options.open().addScope(name: name, description: description, actor: .cli)
            let summary = ScopeSummary(name: scope.name, description: scope.description, createdAt: scope.createdAt, clientCount: 0)
            if options.json { try Output.json(ScopeJSON(summary)) } else { print("added scope \(scope.name)") }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List scopes and how many clients use each.")
        @OptionGroup var options: StoreOptions

        func run() throws {
            let scopes = try options.open().listScopes()
            if options.json { return try Output.json(scopes.map(ScopeJSON.init)) }
            Output.table(["NAME", "CLIENTS", "DESCRIPTION"], scopes.map { [$0.name, "\($0.clientCount)", $0.description] })
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a scope (refused while a client uses it, unless --force).")
        @OptionGroup var options: StoreOptions
        @Argument var name: String
        @Flag(help: "Also remove the scope from every client allowed it.") var force = false

        func run() throws {
            try options.open().deleteScope(name: name, force: force, actor: .cli)
            if options.json { try Output.json(["deleted": name]) } else { print("deleted scope \(name)") }
        }
    }
}
