import ArgumentParser
import Foundation
import Logging
import OAuth2Server
import OAuth2Store

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the token endpoint without a terminal; JSON log lines on stderr.")
    @Option(name: .long, help: ArgumentHelp(StoreOptions.dbHelp, valueName: "path|url"))
    var db: String?
    @OptionGroup var keyEncryption: KeyEncryptionOption
    @OptionGroup var server: ServerOptions

    func run() throws {
        let location = StoreOptions(db: db).location
        // Blocked before any thread starts, so every thread inherits the mask and a signal
        // that arrives while the server starts waits, pending, for `ShutdownSignals.wait`.
        let shutdown = ShutdownSignals.block()
        defer { BufferedLineWriter.standardError.flush() }
        let store = try StoreOptions.openStore(at: location, keyEncryption: keyEncryption, durability: server.durability, actor: .server,
                                          connections: ServerOptions.storeConnections)
        let serving = try server.start(store: store, events: EventHub(),
                                       logger: Logger(label: "oauth2") { JSONLogHandler(label: $0) })
        shutdown.wait()
        serving.shutdown()
    }
}
