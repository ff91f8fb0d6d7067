import Foundation

/// A monotonic clock that moves only when a test says so, for caches and lifetimes that
/// would otherwise take real seconds to age.
public final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private let start = ContinuousClock.now
    private var offset = Duration.zero

    public init() {}

    public var now: ContinuousClock.Instant { lock.withLock { start + offset } }

    public func advance(by duration: Duration) {
        lock.withLock { offset += duration }
    }
}
