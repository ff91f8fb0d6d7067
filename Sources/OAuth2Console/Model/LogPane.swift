import OAuth2Store

/// What a log line reports; each kind has its own colour.
enum LogKind: Sendable, Equatable {
    case issued, denied, revoked, admin, server, summary, error

    var role: StyleRole {
        switch self {
        case .issued: .logIssued
        case .denied: .logDenied
        case .revoked: .logRevoked
        case .admin: .logAdmin
        case .server: .logServer
        case .summary: .logSummary
        case .error: .error
        }
    }
}

struct LogEntry: Equatable, Sendable {
    var at: EpochSeconds
    var kind: LogKind
    /// The client the line is about, for the log's client filter.
    var clientId: String?
    var text: String
}

/// The live log: a bounded history the admin can follow (stay at the newest line) or pause
/// (hold the view still while lines keep arriving), filtered by client.
struct LogPane: Equatable, Sendable {
    static let capacity = 2000

    private(set) var entries: [LogEntry] = []
    /// Lines scrolled back from the newest; 0 while following.
    private(set) var scrollBack = 0
    private(set) var following = true
    var clientFilter: String?

    mutating func append(_ entry: LogEntry) {
        entries.append(entry)
        if entries.count > Self.capacity { entries.removeFirst(entries.count - Self.capacity) }
        // A paused view keeps showing the same lines while new ones arrive below.
        if !following && matches(entry) { scrollBack += 1 }
    }

    mutating func toggleFollow() {
        following.toggle()
        if following { scrollBack = 0 }
    }

    /// Back (positive) or forward (negative); reaching the newest line going forward
    /// follows again.
    mutating func scroll(by lines: Int) {
        scrollBack = max(0, min(visible.count - 1, scrollBack + lines))
        if lines > 0 { following = false }
        if lines < 0 && scrollBack == 0 { following = true }
    }

    func matches(_ entry: LogEntry) -> Bool {
        clientFilter.map { entry.clientId == $0 } ?? true
    }

    var visible: [LogEntry] { entries.filter(matches) }

    /// The `count` lines the pane shows, oldest first.
    func window(_ count: Int) -> [LogEntry] {
        let lines = visible
        let end = max(0, lines.count - scrollBack)
        return Array(lines[max(0, end - count)..<end])
    }
}
