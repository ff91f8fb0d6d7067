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
        let room = max(0, box.innerHeight - 2)
        for (offset, line) in wrapped.prefix(room).enumerated() {
            // A cut is marked: the last line that fits ends in "…".
            let text = offset == room - 1 && wrapped.count > room ? DisplayWidth.clip(line.0 + "  …", to: box.innerWidth - 2) : line.0
            screen.put(DisplayWidth.clip(text, to: box.innerWidth - 2), row: box.innerRow + 1 + offset, column: box.innerColumn + 1,
                       role: line.1)
        }
        screen.put(footer, row: box.row + box.height - 2, column: box.innerColumn + 1, role: .dim, limit: box.innerWidth - 2)
        return box
    }

    /// Breaks text at spaces into lines of at most `width` columns; a word longer than a
    /// line (a URL, a long name) is broken where the line ends.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0, DisplayWidth.of(text) > width else { return [text] }
        var lines: [String] = []
        var current = ""
        var used = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let wordWidth = DisplayWidth.of(word)
            if !current.isEmpty && used + 1 + wordWidth > width {
                lines.append(current)
                current = ""
                used = 0
            } else if !current.isEmpty {
                current.append(" ")
                used += 1
            }
            for character in word {
                let columns = DisplayWidth.of(character)
                if used + columns > width && !current.isEmpty {
                    lines.append(current)
                    current = ""
                    used = 0
                }
                current.append(character)
                used += columns
            }
        }
        return lines + [current]
    }
}
