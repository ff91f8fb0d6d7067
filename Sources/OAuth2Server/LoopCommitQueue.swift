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
    private var rows: [TokenRecord] = []
    private var promises: [EventLoopPromise<Void>] = []

    init(loop: EventLoop, writer: TokenWriter) {
        self.loop = loop
        self.writer = writer
    }

    /// Succeeds once `row` is committed.
    func commit(_ row: TokenRecord) -> EventLoopFuture<Void> {
        let promise = loop.makePromise(of: Void.self)
        if rows.isEmpty { loop.assumeIsolated().execute { self.handOver() } }
        rows.append(row)
        promises.append(promise)
        return promise.futureResult
    }

    private func handOver() {
        let promises = self.promises
        writer.submit(rows) { [loop] result in
            loop.execute { for promise in promises { promise.completeWith(result) } }
        }
        rows = []
        self.promises = []
    }
}
