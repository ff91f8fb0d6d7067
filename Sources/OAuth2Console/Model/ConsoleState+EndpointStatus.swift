import OAuth2Core
import OAuth2Store

/// The endpoint as the header describes it. Embedded, it is this process's server.
/// Attached, it is what the serving processes publish in the store, judged at this second:
/// a process killed without a word stops refreshing its row, which goes stale although
/// nothing in the store changes.
struct EndpointStatus: Equatable {
    var url: String
    var state: String
    var healthy: Bool
    var startedAt: EpochSeconds
    /// Whether denials reach this console (attached: only while someone publishes them).
    var failuresKnown: Bool
}

extension ConsoleState {
    var endpointStatus: EndpointStatus {
        guard server.mode == .attached else {
            return EndpointStatus(url: server.url, state: server.state, healthy: server.state.hasPrefix("listening"),
                                  startedAt: server.startedAt, failuresKnown: true)
        }
        let live = snapshot.servers.filter { !$0.isStale(at: now) }
        if let newest = live.first {
            return EndpointStatus(url: newest.url + (live.count > 1 ? " (+\(live.count - 1) more)" : ""), state: "attached · serving",
                                  healthy: true, startedAt: live.map(\.startedAt).min() ?? newest.startedAt, failuresKnown: true)
        }
        if let last = snapshot.servers.first {
            let ago = DurationText.approximate(Int(max(0, now - last.seenAt)))
            return EndpointStatus(url: last.url, state: "attached · stale: last seen \(ago) ago", healthy: false,
                                  startedAt: server.startedAt, failuresKnown: false)
        }
        return EndpointStatus(url: "unknown", state: "attached · no server seen", healthy: false, startedAt: server.startedAt,
                              failuresKnown: false)
    }
}
