import Dispatch

/// The SQLite store's side of the group commit: each batch in one `BEGIN IMMEDIATE`
/// transaction on a connection of its own (`TokenInserter`), with the WAL kept within its
/// bound by a `WALCheckpointer` between batches, never inside one.
final class SQLiteTokenCommitter: TokenBatchCommitter {
    private let path: String
    private let inserter: TokenInserter
    private let checkpointer: WALCheckpointer

    init(store: SQLiteStore, walLimitBytes: Int, checkpointEvery interval: DispatchTimeInterval = .milliseconds(200)) throws {
        path = store.path
        inserter = try TokenInserter(store: store, walLimitBytes: walLimitBytes)
        checkpointer = try WALCheckpointer(store: store, walLimitBytes: walLimitBytes, every: interval)
    }

    func commit(_ groups: [TokenGroup]) throws -> Int64 {
        checkpointer.rewindIfWanted(inserter.checkpoint)
        guard !checkpointer.isRecovering else {
            throw StoreError.full(path: path, reason: "waiting for room to checkpoint the WAL")
        }
        do {
            let generation = try inserter.insert(groups)
            checkpointer.walHolds(frames: inserter.framesInWAL)
            return generation
        } catch {
            if case .full = error as? StoreError { checkpointer.recoverFromFullDisk(walFrames: inserter.framesInWAL) }
            throw error
        }
    }

    func stop() {
        checkpointer.stop()
    }
}
