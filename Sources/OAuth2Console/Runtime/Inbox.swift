import OAuth2Core
import OAuth2Store

/// Where other threads leave work for the UI thread: actions from the store worker,
/// events from the embedded server, and a request to stop. The UI loop drains it every
/// turn; producers never touch the state or the terminal.
final class Inbox: Sendable {
    private struct Contents {
        var actions: [Action] = []
        var live = LiveWindow()
        var stopRequested = false
    }

    private let contents = Locked(Contents())

    func post(_ action: Action) { contents.withLock { $0.actions.append(action) } }

    /// Called on the server's threads for every event: only counts or queues.
    func record(_ event: DomainEvent) { contents.withLock { $0.live.record(event, at: Clock.system.now()) } }

    func requestStop() { contents.withLock { $0.stopRequested = true } }

    /// The actions waiting, with the live events gathered since the last drain.
    func drain() -> (actions: [Action], stop: Bool) {
        contents.withLock { contents in
            var actions = contents.actions
            contents.actions = []
            let batch = contents.live.drain(at: Clock.system.now())
            if batch != LiveWindow.Batch() { actions.append(.live(batch)) }
            return (actions, contents.stopRequested)
        }
    }
}
