import Foundation
import OAuth2Server
import OAuth2Store

/// Runs the console: owns the terminal on the calling thread, turns keys, ticks and
/// results into actions, applies `update`, runs its effects and paints `render`.
public final class ConsoleRuntime {
    private let store: any Store
    private let themeName: String
    private let themes: ThemeLibrary
    private let inbox = Inbox()

    /// Subscribes to `events` at once, so that events published before `run` (the
    /// embedded server starting) still reach the log.
    public init(store: any Store, events: EventHub?, theme: String, themes: ThemeLibrary) {
        self.store = store
        themeName = theme
        self.themes = themes
        events?.subscribe { [inbox] event in inbox.record(event) }
    }

    /// Runs until the admin quits or a stop is asked for (`stop(after:)`); the terminal is
    /// restored before it returns.
    public func run(server: ServerInfo) {
        let terminal = NCursesTerminal()
        defer { terminal.restore() }
        let worker = StoreWorker(store: store, inbox: inbox, followsTokens: server.mode == .attached)
        defer { worker.stop() }
        worker.reload()
        worker.startWatching()

        var state = ConsoleState(server: server, now: Clock.system.now())
        let size = terminal.size
        var pending = [apply(theme: themeName, to: terminal), .resized(width: size.width, height: size.height)]
        var second = state.now
        var dirty = true
        loop: while true {
            var actions = pending
            pending = []
            switch terminal.read() {
            case let .key(key)?: actions.append(.key(key))
            case let .mouse(event)?: actions.append(.mouse(event))
            case .resized?:
                let size = terminal.size
                actions.append(.resized(width: size.width, height: size.height))
            case nil: break
            }
            let drained = inbox.drain()
            if drained.stop { break }
            actions += drained.actions
            let now = Clock.system.now()
            if now != second {
                second = now
                actions.append(.tick(now))
            }
            for action in actions {
                let effects: [Effect]
                (state, effects) = update(state, action)
                dirty = true
                for effect in effects {
                    switch effect {
                    case .reload: worker.reload(tokens: state.tokenRequest)
                    case let .perform(command): worker.perform(command)
                    case let .copyToClipboard(text): terminal.copyToClipboard(text)
                    case let .loadTheme(name): pending.append(apply(theme: name, to: terminal))
                    case .quit: break loop
                    }
                }
            }
            // Repaint only after a change: an idle console sleeps in `read`.
            if dirty {
                terminal.paint(render(state, width: state.width, height: state.height))
                dirty = false
            }
        }
    }

    private func apply(theme name: String, to terminal: Terminal) -> Action {
        let (theme, problem) = themes.loadOrDefault(name)
        terminal.apply(theme)
        return .themeApplied(name: name, problem: problem)
    }

    /// Ends the console as `q` does, once `waitForStop` returns; it is called on a thread
    /// of its own (for SIGINT and SIGTERM, blocked before any thread started, `sigwait`:
    /// no signal can slip past it). The terminal is then restored and the embedded server
    /// shuts down gracefully.
    public func stop(after waitForStop: @escaping @Sendable () -> Void) {
        Thread { [inbox] in
            waitForStop()
            inbox.requestStop()
        }.start()
    }
}
