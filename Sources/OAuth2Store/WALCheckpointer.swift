import Dispatch

/// Copies committed pages from the WAL back into the database file on a timer of its own,
/// so that the group commit never stops to do it: SQLite's automatic checkpoint runs inside
/// the commit that crosses its threshold, fsync included, and every request waiting on that
/// batch would wait for it too. Passive, so it never blocks a commit or a read.
/// (`@unchecked`: its connection is used only on the timer's serial queue.)
final class WALCheckpointer: @unchecked Sendable {
    private let queue = DispatchQueue(label: "oauth2.checkpoint")
    private let timer: DispatchSourceTimer
    private let connection: RawConnection

    init(store: Store, every interval: DispatchTimeInterval = .milliseconds(200)) throws {
        connection = try RawConnection(path: store.path, durability: store.durability)
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [connection] in
            // A failed checkpoint loses nothing: the pages stay in the WAL for the next one.
            try? connection.checkpointPassively()
        }
        timer.resume()
    }

    /// Stops the timer; returns once no checkpoint is running. (The last connection to
    /// close checkpoints what is left.)
    func stop() {
        queue.sync { timer.cancel() }
    }
}
