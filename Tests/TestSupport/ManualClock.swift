import Foundation
import OAuth2Store

/// A clock that moves only when a test says so, for caches and lifetimes that would otherwise
/// take real seconds to age: monotonic (`now`), and as the stores and the server read the
/// time (`epochClock`), starting from the real time it was made at.
public final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private let start = ContinuousClock.now
    private let epochStart = Clock.system.now()
    private var offset = Duration.zero

    public init() {}

    public var now: ContinuousClock.Instant { lock.withLock { start + offset } }

    /// The stores' and the server's time, in the whole seconds `advance(by:)` has moved it.
    public var epochClock: Clock {
        Clock { [self] in epochStart + lock.withLock { offset.components.seconds } }
    }

    public func advance(by duration: Duration) {
        lock.withLock { offset += duration }
    }
}
