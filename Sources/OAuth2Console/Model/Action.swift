import OAuth2Store

/// Everything that can change the console's state: keys, the clock, and results of work
/// done off the UI thread.
enum Action: Sendable {
    case key(Key)
    case mouse(MouseEvent)
    /// The terminal's size, at start and after every resize.
    case resized(width: Int, height: Int)
    /// Audit events a store command of this console wrote.
    case ownAudit([Int64])
    /// Once a second: countdowns, rates, expiring messages.
    case tick(EpochSeconds)
    case loaded(Snapshot)
    /// The serving processes' presence rows, read when nothing else in the store changed.
    case serversSeen([ServerPresence])
    case live(LiveWindow.Batch)
    /// Token rows other processes committed (attached consoles).
    case arrived(TokenArrivals)
    case performed(StoreOutcome)
    case failed(String)
    /// A theme was applied, or could not be (with the reason; the default applies).
    case themeApplied(name: String, problem: String?)
}
