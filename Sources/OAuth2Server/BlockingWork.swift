import NIOCore
import NIOPosix

/// Where store work that may take a while or wait on the store's lock runs (the live-token
/// count of /metrics, health's probe, a revocation's write): on a thread pool, since on an
/// event loop it would hold up every connection the loop serves.
///
/// A server driven from a single thread (the fuzz harness drives one through an
/// `EmbeddedChannel`, whose event loop no other thread may touch) runs it inline instead.
final class BlockingWork: Sendable {
    /// Nil: inline.
    private let pool: NIOThreadPool?

    init(inline: Bool, threads: Int) {
        pool = inline ? nil : NIOThreadPool(numberOfThreads: threads)
        pool?.start()
    }

    /// `work`'s result on `loop`; a failure once the pool has been shut down.
    func run<T: Sendable>(on loop: EventLoop, _ work: @escaping @Sendable () throws -> T) -> EventLoopFuture<T> {
        guard let pool else { return loop.makeCompletedFuture { try work() } }
        return pool.runIfActive(eventLoop: loop, work)
    }

    func shutdown() {
        try? pool?.syncShutdownGracefully()
    }
}
