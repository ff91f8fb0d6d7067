import Dispatch
import Foundation

/// Copies committed pages from the WAL back into the database file on a timer of its own,
/// so that the group commit never stops to do it: SQLite's automatic checkpoint runs inside
/// the commit that crosses its threshold, fsync included, and every request waiting on that
/// batch would wait for it too. Passive, so it never blocks a commit or a read.
///
/// A passive checkpoint never rewinds the WAL, though: SQLite starts it over only when a
/// writer begins while every frame is already copied, which under steady load, with the
/// writer appending all the time, never happens, and the file grows without bound. So once
/// the WAL passes its limit (the writer says so after each commit, `walHolds`), the
/// checkpointer stops and asks the writer to checkpoint the last frames itself between two
/// batches (`rewindIfWanted`): its next transaction then starts the WAL over. The timer's
/// checkpoints wait meanwhile, or they would make the writer's fail as busy.
///
/// A full disk needs more: a checkpoint copies the WAL's new pages into the database file,
/// which must grow to take them, and the WAL starts over only once it is all copied. If
/// commits went on while the disk was full, the first space freed went to the WAL, the
/// checkpoint could never finish, and every commit failed until a restart. So after a commit
/// fails for want of space, the writer commits nothing (`isRecovering`) until a checkpoint
/// has copied the whole WAL and emptied its file, which gives the WAL's space back for the
/// database to grow into; the timer tries that every tick, and succeeds once space exists.
/// The disk held less WAL than the limit allows, so from then on the WAL starts over at half
/// the size it had when the disk filled: the next burst leaves room for the database to grow.
/// (`@unchecked`: its connection is used only on the timer's serial queue; `rewindFrames`,
/// `rewindWanted` and `recovering` only under `lock`.)
final class WALCheckpointer: @unchecked Sendable {
    private let queue = DispatchQueue(label: "oauth2.checkpoint")
    private let timer: DispatchSourceTimer
    private let connection: RawConnection
    private var rewindFrames: Int
    private let lock = NSLock()
    private var rewindWanted = false
    private var recovering = false
    /// How long a recovery checkpoint waits for readers to move past the WAL's end: a tick
    /// that fails is tried again at the next.
    private static let recoveryBusyTimeout: TimeInterval = 1

    init(store: SQLiteStore, walLimitBytes: Int, every interval: DispatchTimeInterval = .milliseconds(200)) throws {
        connection = try RawConnection(path: store.path, durability: store.durability, busyTimeout: Self.recoveryBusyTimeout)
        let pageSize = try connection.prepare("PRAGMA page_size").firstRow { Int($0.integer(0)) } ?? 4096
        rewindFrames = max(1, walLimitBytes / pageSize)
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [self] in
            if lock.withLock({ recovering }) {
                if connection.checkpointTruncating() { lock.withLock { recovering = false } }
                return
            }
            guard !lock.withLock({ rewindWanted }) else { return }
            // A failed checkpoint loses nothing: the pages stay in the WAL for the next one.
            _ = try? connection.checkpointPassively()
        }
        timer.resume()
    }

    /// Whether commits must wait for a full checkpoint after the disk filled up.
    var isRecovering: Bool { lock.withLock { recovering } }

    /// For the writer, after each commit: the WAL's size, to start it over past the limit.
    func walHolds(frames: Int) {
        lock.withLock { if frames > rewindFrames { rewindWanted = true } }
    }

    /// For the writer, when a commit failed for want of space with `walFrames` in the WAL.
    func recoverFromFullDisk(walFrames: Int) {
        lock.withLock {
            recovering = true
            rewindFrames = max(1, min(rewindFrames, walFrames / 2))
        }
    }

    /// For the writer, between two batches: if the WAL is due to start over, runs
    /// `checkpoint` (the writer's own) and lets the timer's checkpoints resume.
    func rewindIfWanted(_ checkpoint: () throws -> Void) {
        guard lock.withLock({ rewindWanted }) else { return }
        // Busy (the timer's last checkpoint still running, or another process's): tried
        // again before the next batch.
        guard (try? checkpoint()) != nil else { return }
        lock.withLock { rewindWanted = false }
    }

    /// Stops the timer; returns once no checkpoint is running. (The last connection to
    /// close checkpoints what is left.)
    func stop() {
        queue.sync { timer.cancel() }
    }
}
