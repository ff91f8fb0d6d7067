import NIOCore
import OAuth2Store

/// Collects the token rows one event loop mints while it handles one round of I/O, and
/// hands them to the group commit together once the loop turns to its queued tasks; their
/// promises complete together, in one hop back. Per round instead of per token, the writer
/// and the loop wake each other far less often, and the writer gets bigger batches.
///
/// Used only on its loop.
final class LoopCommitQueue {
    private let loop: EventLoop
    private let writer: TokenWriter
    private var group = TokenGroup(rows: [], clientGeneration: nil)
    private var promises: [EventLoopPromise<CommitOutcome>] = []

    init(loop: EventLoop, writer: TokenWriter) {
        self.loop = loop
        self.writer = writer
    }

    /// What became of `row`, issued to a client authenticated under `clientGeneration`.
    func commit(_ row: TokenRecord, clientGeneration: Int64) -> EventLoopFuture<CommitOutcome> {
        if !group.rows.isEmpty && group.clientGeneration != clientGeneration { handOver() }
        if group.rows.isEmpty {
            group.clientGeneration = clientGeneration
            loop.assumeIsolated().execute { self.handOver() }
        }
        let promise = loop.makePromise(of: CommitOutcome.self)
        group.rows.append(row)
        promises.append(promise)
        return promise.futureResult
    }

    private func handOver() {
        guard !group.rows.isEmpty else { return }
        let promises = self.promises
        writer.submit(group) { [loop] result in
            loop.execute { for promise in promises { promise.completeWith(result) } }
        }
        group.rows = []
        self.promises = []
    }
}
