import OAuth2Store

/// The top two rows: the endpoint and its vital signs, then the views.
extension ConsoleState {
    func drawHeader(on screen: inout Screen) {
        screen.fill(row: 0, column: 0, width: screen.width, height: 1, role: .header)
        let mode = server.mode == .attached ? "attached" : server.state
        var x = screen.put(" oauth2 ", row: 0, column: 0, role: .headerAccent)
        x = screen.put(" \(server.url) ", row: 0, column: x, role: .header)
        x = screen.put("● \(mode)", row: 0, column: x, role: server.state.hasPrefix("listening") || server.mode == .attached ? .ok : .warn)
        let vitals: [(String, StyleRole)] = [
            ("  up \(TimeText.uptime(now - server.startedAt))", .header),
            ("  \(throughput.perSecond(at: now).grouped) tok/s ", .header),
            (throughput.sparkline(at: now), .sparkline),
            ("  live \(snapshot.liveTokens.grouped)", .header),
            ("  fail/min \(throughput.failuresLastMinute(at: now).grouped)", throughput.failuresLastMinute(at: now) > 0 ? .warn : .header),
        ]
        for (text, role) in vitals { x = screen.put(text, row: 0, column: x, role: role) }

        screen.fill(row: 1, column: 0, width: screen.width, height: 1, role: .tab)
        x = 0
        for view in Tab.allCases {
            x = screen.put(" \(view.rawValue) \(view.title) ", row: 1, column: x, role: view == tab ? .tabActive : .tab) + 1
        }
        if let filter = log.clientFilter {
            screen.put("log: \(snapshot.clientName(filter))", row: 1, column: x + 1, role: .dim)
        }
    }
}
