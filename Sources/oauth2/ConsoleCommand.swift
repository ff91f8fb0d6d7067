import ArgumentParser
import Foundation
import Logging
import OAuth2Console
import OAuth2Server
import OAuth2Store

struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Open the full-screen console over the store, with the token endpoint running in the same process.")
    @Option(name: .long, help: ArgumentHelp(StoreOptions.dbHelp, valueName: "path|url"))
    var db: String?
    @OptionGroup var keyEncryption: KeyEncryptionOption
    @OptionGroup var server: ServerOptions
    @Option(help: ArgumentHelp("Theme: default, dark, light, high-contrast, monochrome, or a TOML file (default: default; monochrome when NO_COLOR is set).",
                               valueName: "name|path"))
    var theme: String?
    @Flag(help: "Administer a store that another `oauth2 serve` process serves: no embedded server; the log follows the store.")
    var attach = false

    func run() throws {
        let location = StoreOptions(db: db).location
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CommandFailure("the console needs a terminal on stdin and stdout; in scripts use `oauth2 client|scope|token|key|audit`")
        }
        // Blocked before any thread starts, as in `serve`: a signal that comes while the
        // console starts waits, pending, for the console to take it.
        let shutdown = ShutdownSignals.block()
        let store = try StoreOptions.openStore(at: location, keyEncryption: keyEncryption, durability: server.durability, actor: .console,
                                          connections: ServerOptions.storeConnections)
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let events = attach ? nil : EventHub()
        let console = ConsoleRuntime(store: store, events: events, theme: theme ?? (noColor ? "monochrome" : "default"),
                                     themes: .standard())
        console.stop(after: shutdown.wait)
        guard let events else {
            // What is served, and since when, comes from the store's presence table.
            console.run(server: ServerInfo(mode: .attached, url: "unknown", state: "unknown", startedAt: Clock.system.now()))
            return
        }
        // The server's own log lines would scribble over the screen; its events feed the
        // console's log pane instead.
        let serving = try server.start(store: store, events: events,
                                       logger: Logger(label: "oauth2") { _ in SwiftLogNoOpLogHandler() })
        console.run(server: ServerInfo(mode: .embedded, url: serving.url, state: "listening", startedAt: Clock.system.now()))
        serving.shutdown()
    }
}
