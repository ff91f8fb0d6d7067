/// The bottom row: the last outcome, else the keys that apply here.
extension ConsoleState {
    func drawStatusLine(on screen: inout Screen) {
        let row = screen.height - 1
        screen.fill(row: row, column: 0, width: screen.width, height: 1, role: .statusText)
        var x = 1
        if let status {
            x = screen.put(status.text, row: row, column: x, role: status.role) + 2
        }
        for hint in Keymap.hints(in: tab) {
            let width = DisplayWidth.of(hint.key) + DisplayWidth.of(hint.word) + 2
            guard x + width < screen.width else { break }
            x = screen.put(hint.key, row: row, column: x, role: .statusKey)
            x = screen.put(" \(hint.word) ", row: row, column: x, role: .statusText)
        }
    }
}
