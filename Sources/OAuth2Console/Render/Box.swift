/// A framed pane with its title in the top border.
struct Box {
    var row: Int
    var column: Int
    var width: Int
    var height: Int

    /// The inside of the frame.
    var innerRow: Int { row + 1 }
    var innerColumn: Int { column + 1 }
    var innerWidth: Int { max(0, width - 2) }
    var innerHeight: Int { max(0, height - 2) }

    func draw(on screen: inout Screen, title: String, role: StyleRole = .border, fill: StyleRole? = nil) {
        guard width >= 2, height >= 2 else { return }
        if let fill { screen.fill(row: row, column: column, width: width, height: height, role: fill) }
        let horizontal = String(repeating: "─", count: width - 2)
        screen.put("┌" + horizontal + "┐", row: row, column: column, role: role)
        for y in row + 1..<row + height - 1 {
            screen.put("│", row: y, column: column, role: role)
            screen.put("│", row: y, column: column + width - 1, role: role)
        }
        screen.put("└" + horizontal + "┘", row: row + height - 1, column: column, role: role)
        if !title.isEmpty {
            screen.put(" \(DisplayWidth.clip(title, to: width - 6)) ", row: row, column: column + 2, role: .title)
        }
    }
}
