import Foundation

/// The group commit: one thread owns token inserts. Callers hand it groups of rows, each
/// with a completion; it takes everything that queued up while the previous batch was
/// committing and commits it in one transaction (through the store's `TokenBatchCommitter`),
/// so durability costs one commit per batch, not per token, and no row waits longer than one
/// batch behind others.
///
/// A group carries the client generation its clients were authenticated under; the commit
/// leaves it out if the generation has moved since (see `TokenInserter`). That check, inside
/// the transaction that records the tokens, is what lets the server authenticate from a
/// cache and still honour every client change committed before the token.
public final class TokenWriter: @unchecked Sendable {
    public typealias Completion = @Sendable (Result<CommitOutcome, Error>) -> Void

    private let maxBatch: Int
    private let onBatch: @Sendable (Int) -> Void
    /// The WAL's default bound (`serve --wal-limit`). Each time the WAL reaches it, the group
    /// commit pauses for a checkpoint of the last frames and its fsyncs (30–50 ms measured on
    /// the development machine's disk); at about 10,000 tokens/s the WAL grows about 55 MB/s
    /// (5.6 KB a token). A smaller bound pauses more often but keeps the file, and what a
    /// checkpoint needs on a full disk, small (README: the p99 each bound costs).
    public static let defaultWALLimitBytes = 64 << 20

    /// Used only on the writer thread (or the one caller's, see `commitsOnCallersThread`).
    private let committer: any TokenBatchCommitter
    // `pending`, `stopping` and `finished` are guarded by `condition`.
    private let condition = NSCondition()
    private var pending: [(group: TokenGroup, completion: Completion)] = []
    private var stopping = false
    private var finished = false
    /// When a batch last committed (nil: never); guarded by `condition`.
    private var lastCommit: DispatchTime?

    /// With no thread of its own, each group commits at once on the thread that submits it.
    private let commitsOnCallersThread: Bool

    /// `onBatch` learns each committed batch's size (for metrics). Batches hold at most
    /// `maxBatch` rows, unless one group alone is larger. One batch commits at a time, on
    /// PostgreSQL too: whatever queues up meanwhile joins the next, so the batch grows with
    /// the commit's latency. Four side by side cost PostgreSQL half as much again per token,
    /// and the server more (batches of 6 instead of 13), for no more tokens a second.
    ///
    /// `commitsOnCallersThread`: for a server driven from a single thread (the fuzz harness
    /// drives one through an `EmbeddedChannel`, whose event loop no other thread may touch,
    /// and completions hop back to it). Then the writer must only ever be used from that
    /// thread, and there is no group commit.
    public init(committer: any TokenBatchCommitter, maxBatch: Int = 2048, commitsOnCallersThread: Bool = false,
                onBatch: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.committer = committer
        self.maxBatch = maxBatch
        self.onBatch = onBatch
        self.commitsOnCallersThread = commitsOnCallersThread
        if commitsOnCallersThread {
            finished = true  // nothing to drain, ever
        } else {
            let thread = Thread { [unowned self] in self.run() }
            thread.name = "oauth2-token-writer"
            thread.start()
        }
    }

    /// Queues a group of rows to commit together; `completion` runs on the writer thread
    /// once their batch committed (or failed), or at once when it commits on the caller's.
    public func submit(_ group: TokenGroup, completion: @escaping Completion) {
        condition.lock()
        guard !stopping else {
            condition.unlock()
            return completion(.failure(StoreError.conflict("the server is shutting down")))
        }
        guard !commitsOnCallersThread else {
            condition.unlock()
            return commit([(group, completion)])
        }
        pending.append((group, completion))
        condition.signal()
        condition.unlock()
    }

    /// Whether tokens can be recorded now: yes at once if a batch committed within the last
    /// second, else once a probe row commits through the writer within `timeout` (so a
    /// writer that is stuck or a store that cannot take a write reads as no).
    public func canCommit(timeout: DispatchTimeInterval = .seconds(2)) -> Bool {
        condition.lock()
        let recent = lastCommit.map { DispatchTime.now().uptimeNanoseconds - $0.uptimeNanoseconds < 1_000_000_000 } ?? false
        condition.unlock()
        if recent { return true }
        let committed = DispatchSemaphore(value: 0)
        submit(.probe) { result in
            if case .success = result { committed.signal() }
        }
        return committed.wait(timeout: .now() + timeout) == .success
    }

    /// A writer over `store`'s committer; a SQLite WAL starts over once it holds
    /// `walLimitBytes` (see `WALCheckpointer`).
    public convenience init(store: any Store, maxBatch: Int = 2048, walLimitBytes: Int = TokenWriter.defaultWALLimitBytes,
                            commitsOnCallersThread: Bool = false, onBatch: @escaping @Sendable (Int) -> Void = { _ in }) throws {
        self.init(committer: try store.makeTokenCommitter(walLimitBytes: walLimitBytes), maxBatch: maxBatch,
                  commitsOnCallersThread: commitsOnCallersThread, onBatch: onBatch)
    }

    /// Commits everything queued so far, then stops the thread. Blocks until done.
    public func drainAndStop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
        committer.stop()
    }

    private func run() {
        while let batch = nextBatch() { commit(batch) }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Commits one batch in one transaction and completes each group's completion.
    private func commit(_ batch: [(group: TokenGroup, completion: Completion)]) {
        do {
            let generation = try committer.commit(batch.map(\.group))
            condition.lock()
            lastCommit = .now()
            condition.unlock()
            let committed = batch.filter { $0.group.isCurrent(at: generation) }.reduce(0) { $0 + $1.group.rows.count }
            if committed > 0 { onBatch(committed) }
            for (group, completion) in batch {
                completion(.success(group.isCurrent(at: generation) ? .committed : .clientsChanged(generation: generation)))
            }
        } catch {
            for (_, completion) in batch { completion(.failure(error)) }
        }
    }

    /// Waits for work; nil once stopping with nothing left to commit.
    private func nextBatch() -> [(group: TokenGroup, completion: Completion)]? {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty && !stopping { condition.wait() }
        if pending.isEmpty { return nil }
        var count = 0
        var rows = 0
        for (group, _) in pending {
            if count > 0 && rows + group.rows.count > maxBatch { break }
            rows += group.rows.count
            count += 1
        }
        let batch = Array(pending.prefix(count))
        pending.removeFirst(count)
        return batch
    }
}

/// What became of a group of token rows handed to the writer.
public enum CommitOutcome: Sendable, Equatable {
    case committed
    /// Not recorded: the client generation had moved to `generation` since the group's
    /// clients were authenticated. Authenticate again and retry.
    case clientsChanged(generation: Int64)
}
