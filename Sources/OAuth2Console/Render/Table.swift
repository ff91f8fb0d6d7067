/// A column of a list: its heading, how wide, and what each row shows in it.
struct TableColumn<Row> {
    var title: String
    /// Fixed width; nil columns share what the fixed ones leave.
    var width: Int?
    var alignRight = false
    var text: (Row) -> String
    /// A role for the cell instead of the row's (e.g. a state in colour).
    var role: ((Row) -> StyleRole?)? = nil
}

/// Draws rows under their headings inside a box, scrolled so that the selection shows.
struct Table<Row> {
    var columns: [TableColumn<Row>]
    var rows: [Row]
    var selected: Int
    var emptyText: String

    func draw(on screen: inout Screen, in box: Box) {
        guard box.innerHeight > 0 else { return }
        let widths = columnWidths(total: box.innerWidth)
        var x = box.innerColumn
        for (column, width) in zip(columns, widths) {
            screen.put(DisplayWidth.fit(column.title, to: width, alignRight: column.alignRight), row: box.innerRow, column: x, role: .columnHeader)
            x += width + 1
        }
        let visibleRows = box.innerHeight - 1
        guard !rows.isEmpty else {
            screen.put(emptyText, row: box.innerRow + 1, column: box.innerColumn + 1, role: .dim, limit: box.innerWidth - 1)
            return
        }
        // Scroll only as far as needed to keep the selection on screen.
        let firstShown = max(0, selected - visibleRows + 1)
        for (offset, row) in rows[firstShown..<min(rows.count, firstShown + visibleRows)].enumerated() {
            let y = box.innerRow + 1 + offset
            let isSelected = firstShown + offset == selected
            var x = box.innerColumn
            for (column, width) in zip(columns, widths) {
                let role = isSelected ? .selection : (column.role?(row) ?? .normal)
                screen.put(DisplayWidth.fit(column.text(row), to: width, alignRight: column.alignRight), row: y, column: x, role: role)
                x += width + 1
            }
            if isSelected { screen.restyle(row: y, column: box.innerColumn, width: box.innerWidth, role: .selection) }
        }
        if rows.count > visibleRows {
            screen.put(" \(selected + 1)/\(rows.count) ", row: box.row + box.height - 1,
                       column: box.column + box.width - 4 - "\(selected + 1)/\(rows.count)".count, role: .dim)
        }
    }

    /// Fixed columns get their width (shrunk from the right if the box is narrow); flexible
    /// ones share the rest, with one space between columns.
    private func columnWidths(total: Int) -> [Int] {
        let gaps = columns.count - 1
        let fixed = columns.compactMap(\.width).reduce(0, +)
        let flexibleCount = columns.filter { $0.width == nil }.count
        let spare = max(0, total - gaps - fixed)
        var widths = columns.map { $0.width ?? max(4, spare / max(1, flexibleCount)) }
        var excess = widths.reduce(0, +) + gaps - total
        for index in widths.indices.reversed() where excess > 0 {
            let cut = min(excess, widths[index] - 1)
            widths[index] -= cut
            excess -= cut
        }
        return widths
    }
}
