import Foundation

/// SIGINT and SIGTERM, blocked and then awaited with `sigwait`: none can slip through
/// between the server starting and the wait beginning (a dispatch signal source, set up
/// after the server started, could miss one that came early).
struct ShutdownSignals: Sendable {
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
