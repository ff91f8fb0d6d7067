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
    @OptionGroup var server: ServerOptions

    func run() throws {
        // Blocked before any thread starts, so every thread inherits the mask and a signal
        // that arrives while the server starts waits, pending, for `ShutdownSignals.wait`.
        let shutdown = ShutdownSignals.block()
        defer { BufferedLineWriter.standardError.flush() }
        let store = try Store(path: StoreOptions(db: db).path, durability: server.durability)
        let httpServer = try server.start(store: store, events: EventHub(),
                                          logger: Logger(label: "oauth2") { JSONLogHandler(label: $0) })
        shutdown.wait()
        httpServer.shutdown()
    }
}

/// SIGINT and SIGTERM, blocked and then awaited with `sigwait`: none can slip through
/// between the server starting and the wait beginning (a dispatch signal source, set up
/// after the server started, could miss one that came early).
struct ShutdownSignals {
    private var signals = sigset_t()

    static func block() -> ShutdownSignals {
        var shutdown = ShutdownSignals()
        sigemptyset(&shutdown.signals)
        sigaddset(&shutdown.signals, SIGINT)
        sigaddset(&shutdown.signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &shutdown.signals, nil)
        return shutdown
    }

    /// Returns once SIGINT or SIGTERM has arrived (or had arrived already).
    func wait() {
        var signals = self.signals
        var received: Int32 = 0
        while sigwait(&signals, &received) != 0 {}
    }
}
