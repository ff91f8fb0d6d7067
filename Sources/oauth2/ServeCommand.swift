import ArgumentParser
import Foundation
import Logging
import OAuth2Server
import OAuth2Store

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the token endpoint without a terminal; JSON log lines on stderr.")
    @Option(name: .long, help: ArgumentHelp("SQLite store file (default: $OAUTH2_DB, else ./oauth2.sqlite).", valueName: "path"))
    var db: String?
    @OptionGroup var keyEncryption: KeyEncryptionOption
    @OptionGroup var server: ServerOptions

    func run() throws {
        let path = try StoreOptions(db: db).sqlitePath()
        // Blocked before any thread starts, so every thread inherits the mask and a signal
        // that arrives while the server starts waits, pending, for `ShutdownSignals.wait`.
        let shutdown = ShutdownSignals.block()
        defer { BufferedLineWriter.standardError.flush() }
        let store = try SQLiteStore(path: path, durability: server.durability,
                              keyEncryption: try keyEncryption.load(), actor: .server)
        let serving = try server.start(store: store, events: EventHub(),
                                       logger: Logger(label: "oauth2") { JSONLogHandler(label: $0) })
        shutdown.wait()
        serving.shutdown()
    }
}
