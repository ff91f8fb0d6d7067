/// The live log pane: newest at the bottom, coloured by kind.
extension ConsoleState {
    func drawLog(on screen: inout Screen, in box: Box) {
        // A paused pane says how many lines wait below it, and how to get to them.
        let mode = log.following ? "following" : log.scrollBack > 0 ? "paused · \(log.scrollBack.grouped) newer below · ] or f" : "paused"
        let scope = log.clientFilter.map { " · \(snapshot.clientName($0))" } ?? ""
        let followed = server.mode == .attached ? " · \(tokensFollowed.grouped) new tokens since attach" : ""
        box.draw(on: &screen, title: "Log (\(mode)\(scope) · \(TimeText.zoneName(timeZone))\(followed))")
        let lines = log.window(box.innerHeight)
        if lines.isEmpty {
            screen.put("waiting for events…", row: box.innerRow, column: box.innerColumn + 1, role: .dim, limit: box.innerWidth - 1)
        }
        for (offset, entry) in lines.enumerated() {
            let y = box.innerRow + offset
            let x = screen.put(TimeText.clock(entry.at, in: timeZone) + " ", row: y, column: box.innerColumn + 1, role: .dim,
                               limit: box.innerWidth - 1)
            screen.put(entry.text, row: y, column: x, role: entry.kind.role, limit: box.innerColumn + box.innerWidth - x)
        }
    }
}
