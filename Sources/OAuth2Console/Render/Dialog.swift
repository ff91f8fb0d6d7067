/// A centred box over the lists, sized to its content.
struct Dialog {
    var title: String
    var lines: [(text: String, role: StyleRole)]
    var footer: String
    var preferredWidth = 72

    /// Draws the dialog; returns the box so callers can place extra content.
    @discardableResult
    func draw(on screen: inout Screen) -> Box {
        let width = min(screen.width - 2, max(preferredWidth, DisplayWidth.of(title) + 8))
        let wrapped = lines.flatMap { line in Self.wrap(line.text, width: width - 4).map { ($0, line.role) } }
        let height = min(screen.height - 2, wrapped.count + 4)
        let box = Box(row: max(0, (screen.height - height) / 2), column: max(0, (screen.width - width) / 2), width: width, height: height)
        box.draw(on: &screen, title: title, role: .border, fill: .dialog)
        for (offset, line) in wrapped.prefix(box.innerHeight - 2).enumerated() {
            screen.put(line.0, row: box.innerRow + 1 + offset, column: box.innerColumn + 1, role: line.1, limit: box.innerWidth - 2)
        }
        screen.put(footer, row: box.row + box.height - 2, column: box.innerColumn + 1, role: .dim, limit: box.innerWidth - 2)
        return box
    }

    /// Breaks text at spaces into lines of at most `width` columns.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0, DisplayWidth.of(text) > width else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if DisplayWidth.of(candidate) > width && !current.isEmpty {
                lines.append(current)
                current = String(word)
            } else {
                current = candidate
            }
        }
        return lines + [current]
    }
}
