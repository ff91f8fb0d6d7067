import OAuth2Core
import OAuth2Store

/// The console's one transition function: pure, so tests drive it with actions and read
/// the result, and the runtime does the effects it returns.
func update(_ state: ConsoleState, _ action: Action) -> (ConsoleState, [Effect]) {
    var next = state
    var effects = next.apply(action)
    // A new filter or a selection beyond the loaded page asks the store for another page.
    if next.tokenRequest != next.snapshot.tokenRequest && next.tokenRequest != state.tokenRequest && !effects.contains(.reload) {
        effects.append(.reload)
    }
    return (next, effects)
}

extension ConsoleState {
    mutating func apply(_ action: Action) -> [Effect] {
        switch action {
        case let .key(key):
            return handle(key)
        case let .mouse(event):
            handle(event)
            return []
        case let .resized(width, height):
            self.width = width
            self.height = height
            return []
        case let .ownAudit(ids):
            ownAuditIds.formUnion(ids)
            return []
        case let .tick(now):
            self.now = now
            throughput.record(issued: 0, denied: 0, at: now)
            if let status, now - status.at >= StatusMessage.lifetime { self.status = nil }
            return []
        case let .loaded(snapshot):
            absorb(snapshot)
            return []
        case let .serversSeen(servers):
            var fresh = snapshot
            fresh.servers = servers
            absorb(fresh)
            return []
        case let .live(batch):
            absorb(batch)
            return []
        case let .arrived(arrivals):
            absorb(arrivals)
            return []
        case let .performed(outcome):
            return absorb(outcome)
        case let .failed(message):
            _ = settleWaitingOverlay(refusal: message)
            report(.error, message, kind: .error)
            return [.reload]
        case let .themeApplied(name, problem):
            themeName = problem == nil ? name : "default"
            if let problem { report(.warn, problem, kind: .error) } else { report(.ok, "theme \(name)", kind: nil) }
            return []
        }
    }

    /// Shows a message in the status line and, with a log kind, in the log pane too.
    mutating func report(_ kind: StatusMessage.Kind, _ text: String, kind logKind: LogKind?, clientId: String? = nil) {
        status = StatusMessage(kind: kind, text: text, at: now)
        if let logKind { log.append(LogEntry(at: now, kind: logKind, clientId: clientId, text: text)) }
    }

    mutating func select(_ index: Int) {
        let selected = max(0, min(rowCount - 1, index))
        if selected != selectedIndex { detailScroll = 0 }
        selection[tab] = selected
    }
}
