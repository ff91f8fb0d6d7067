import Foundation

/// The group commit: one thread owns token inserts. Requests hand it their token row with a
/// completion; it takes everything that queued up while the previous batch was committing
/// and commits it in one transaction, so durability costs one commit per batch, not per
/// token, and no request waits longer than one batch behind others.
public final class TokenWriter: @unchecked Sendable {
    public typealias Completion = @Sendable (Result<Void, Error>) -> Void

    private let store: Store
    private let maxBatch: Int
    private let onBatch: @Sendable (Int) -> Void
    // `pending`, `stopping` and `thread` are guarded by `condition`.
    private let condition = NSCondition()
    private var pending: [(TokenRecord, Completion)] = []
    private var stopping = false
    private var finished = false

    /// `onBatch` learns each committed batch's size (for metrics).
    public init(store: Store, maxBatch: Int = 2048, onBatch: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.store = store
        self.maxBatch = maxBatch
        self.onBatch = onBatch
        let thread = Thread { [unowned self] in self.run() }
        thread.name = "oauth2-token-writer"
        thread.start()
    }

    /// Queues a row; `completion` runs on the writer thread once its batch committed (or failed).
    public func submit(_ token: TokenRecord, completion: @escaping Completion) {
        condition.lock()
        guard !stopping else {
            condition.unlock()
            return completion(.failure(StoreError.conflict("the server is shutting down")))
        }
        pending.append((token, completion))
        condition.signal()
        condition.unlock()
    }

    /// Commits everything queued so far, then stops the thread. Blocks until done.
    public func drainAndStop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func run() {
        while let batch = nextBatch() {
            let result = Result { try store.insertTokens(batch.map(\.0)) }
            if case .success = result { onBatch(batch.count) }
            for (_, completion) in batch { completion(result) }
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for work; nil once stopping with nothing left to commit.
    private func nextBatch() -> [(TokenRecord, Completion)]? {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty && !stopping { condition.wait() }
        if pending.isEmpty { return nil }
        let batch = Array(pending.prefix(maxBatch))
        pending.removeFirst(batch.count)
        return batch
    }
}
