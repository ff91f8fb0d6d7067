import OAuth2Store

/// The top two rows: the endpoint and its vital signs, then the views.
extension ConsoleState {
    /// One part of the header's first row; parts that do not fit whole are left out,
    /// the least important first, so no number is ever cut.
    private struct HeaderPart {
        var text: String
        var role: StyleRole
        /// Higher stays longer.
        var priority: Int
    }

    func drawHeader(on screen: inout Screen) {
        screen.fill(row: 0, column: 0, width: screen.width, height: 1, role: .header)
        let failures = throughput.failuresLastMinute(at: now)
        let endpoint = endpointStatus
        let parts = [
            HeaderPart(text: " oauth2 ", role: .headerAccent, priority: 9),
            HeaderPart(text: " \(endpoint.url) ", role: .header, priority: 4),
            HeaderPart(text: "● \(endpoint.state)", role: endpoint.healthy ? .ok : .warn, priority: 8),
            HeaderPart(text: "  up \(TimeText.uptime(now - endpoint.startedAt))", role: .header, priority: 2),
            HeaderPart(text: "  \(throughput.perSecond(at: now).compact) tok/s ", role: .header, priority: 6),
            HeaderPart(text: throughput.sparkline(at: now), role: .sparkline, priority: 1),
            HeaderPart(text: "  live \(snapshot.liveTokens.compact)", role: .header, priority: 7),
            HeaderPart(text: "  fail/min \(endpoint.failuresKnown ? failures.compact : "unknown")", role: failures > 0 ? .warn : .header,
                       priority: 5),
        ]
        var kept = parts
        while kept.reduce(0, { $0 + DisplayWidth.of($1.text) }) > screen.width,
              let lowest = kept.indices.min(by: { kept[$0].priority < kept[$1].priority }) {
            kept.remove(at: lowest)
        }
        var x = 0
        for part in kept { x = screen.put(part.text, row: 0, column: x, role: part.role) }

        screen.fill(row: 1, column: 0, width: screen.width, height: 1, role: .tab)
        x = 0
        for view in Tab.allCases {
            x = screen.put(view.label, row: 1, column: x, role: view == tab ? .tabActive : .tab) + 1
        }
        if let filter = log.clientFilter {
            screen.put("log: \(snapshot.clientName(filter))", row: 1, column: x + 1, role: .dim)
        }
    }

}
