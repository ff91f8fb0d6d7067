import ArgumentParser
import Dispatch
import Foundation
import Logging
import OAuth2Server
import OAuth2Store

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the token endpoint without a terminal; JSON log lines on stderr.")
    @Option(name: .long, help: ArgumentHelp("SQLite store file (default: $OAUTH2_DB, else ./oauth2.sqlite).", valueName: "path"))
    var db: String?
    @OptionGroup var server: ServerOptions

    func run() throws {
        defer { BufferedLineWriter.standardError.flush() }
        let store = try Store(path: StoreOptions(db: db).path, durability: server.durability)
        let (httpServer, _) = try server.start(store: store, events: EventHub(),
                                               logger: Logger(label: "oauth2") { JSONLogHandler(label: $0) })
        ShutdownSignals.wait()
        httpServer.shutdown()
    }
}

/// Blocks until SIGINT or SIGTERM arrives.
enum ShutdownSignals {
    static func wait() {
        let received = DispatchSemaphore(value: 0)
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { received.signal() }
            source.resume()
            return source
        }
        received.wait()
        sources.forEach { $0.cancel() }
    }
}
