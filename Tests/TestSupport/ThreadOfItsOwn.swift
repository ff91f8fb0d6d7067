import Foundation

/// Runs blocking `work` on a thread of its own and awaits its result. A test that blocks for
/// seconds (a load sent from several threads, say) would otherwise hold one of the few
/// threads that every async test of the suite shares, and their waits would stretch.
public func onThreadOfItsOwn<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}
