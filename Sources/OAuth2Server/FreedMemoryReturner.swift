import CMalloc
import Dispatch

/// Gives memory the process has freed back to the system. glibc keeps what a burst frees
/// inside its arenas for reuse: after a thousand connections at once each sent 12 KB and
/// closed, the server stayed 37 MiB larger than before, for good. Every few seconds, when
/// more than `threshold` bytes lie free in the arenas, `malloc_trim` returns their pages.
/// Below the threshold nothing is done: trimming takes each arena's lock in turn, so it is
/// not worth doing for small change. (`@unchecked`: a dispatch source is thread-safe, but
/// Dispatch's overlay does not mark it Sendable.)
final class FreedMemoryReturner: @unchecked Sendable {
    private let timer: DispatchSourceTimer

    init(threshold: Int = 8 << 20, every interval: DispatchTimeInterval = .seconds(5)) {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "oauth2.memory", qos: .utility))
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler {
            if mallinfo2().fordblks > threshold { malloc_trim(0) }
        }
        timer.resume()
    }

    func stop() { timer.cancel() }
}
