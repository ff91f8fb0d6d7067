import NIOCore

/// A task executor that runs jobs on one event loop, for async work whose caller waits on
/// its own thread: that work never needs a thread of Swift's shared pool, which blocked
/// callers may all be holding.
final class LoopTaskExecutor: TaskExecutor {
    private let loop: any EventLoop

    init(_ loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        loop.execute { job.runSynchronously(on: executor) }
    }
}
