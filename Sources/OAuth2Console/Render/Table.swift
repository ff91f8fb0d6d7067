/// A column of a list: its heading, how wide, and what each row shows in it.
struct TableColumn<Row> {
    var title: String
    /// Fixed width (with `fitsContent`: the most it takes); nil columns share what the
    /// others leave.
    var width: Int?
    var alignRight = false
    /// As wide as its title and the rows shown need, up to `width`: numbers stay whole.
    var fitsContent = false
    /// Columns left out first when the box is too narrow for all: higher goes first, 0
    /// never.
    var dropOrder = 0
    /// The least a flexible column takes before others are left out.
    var least = 6
    var text: (Row) -> String
    /// A role for the cell instead of the row's (e.g. a state in colour).
    var role: ((Row) -> StyleRole?)? = nil
}

/// Draws rows under their headings inside a box, scrolled so that the selection shows.
struct Table<Row> {
    var columns: [TableColumn<Row>]
    var rows: [Row]
    /// The selected row, counted in the whole listing.
    var selected: Int
    var emptyText: String
    /// Where `rows` start in the whole listing (a page of it), and how long the whole is.
    var firstRow = 0
    var total: Int?

    func draw(on screen: inout Screen, in box: Box) {
        guard box.innerHeight > 0 else { return }
        let visibleRows = max(0, box.innerHeight - 1)
        let total = total ?? rows.count
        let selected = max(0, min(rows.count - 1, self.selected - firstRow))
        let firstShown = Self.firstShown(selected: selected, visibleRows: visibleRows)
        let shown = rows.isEmpty ? [] : rows[firstShown..<min(rows.count, firstShown + visibleRows)]
        let (columns, widths) = fitted(to: box.innerWidth, rows: shown)
        var x = box.innerColumn
        for (column, width) in zip(columns, widths) {
            screen.put(DisplayWidth.fit(column.title, to: width, alignRight: column.alignRight), row: box.innerRow, column: x, role: .columnHeader)
            x += width + 1
        }
        guard !rows.isEmpty else {
            screen.put(emptyText, row: box.innerRow + 1, column: box.innerColumn + 1, role: .dim, limit: box.innerWidth - 1)
            return
        }
        for (offset, row) in shown.enumerated() {
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
        if total > visibleRows {
            let position = " \((firstRow + selected + 1).grouped)/\(total.grouped) "
            screen.put(position, row: box.row + box.height - 1, column: box.column + box.width - 2 - position.count, role: .dim)
        }
    }

    /// The first row shown: scrolled only as far as needed to keep the selection on
    /// screen (the mouse maps a clicked row back through it).
    static func firstShown(selected: Int, visibleRows: Int) -> Int { max(0, selected - visibleRows + 1) }

    /// The columns that fit and their widths: columns are left out by their drop order
    /// until the rest fit at their least; fixed and content-sized columns get their width,
    /// flexible ones share the rest, one space between columns; whatever still does not fit
    /// is cut from the right.
    private func fitted(to total: Int, rows shown: ArraySlice<Row>) -> ([TableColumn<Row>], [Int]) {
        let wanted = columns.map { column -> Int? in
            guard column.fitsContent else { return column.width }
            let widest = shown.reduce(DisplayWidth.of(column.title)) { max($0, DisplayWidth.of(column.text($1))) }
            return min(column.width ?? widest, widest)
        }
        var kept = Array(columns.indices)
        func least(_ indices: [Int]) -> Int {
            indices.reduce(max(0, indices.count - 1)) { $0 + (wanted[$1] ?? columns[$1].least) }
        }
        while least(kept) > total, let dropped = kept.filter({ columns[$0].dropOrder > 0 }).max(by: { columns[$0].dropOrder < columns[$1].dropOrder }) {
            kept.removeAll { $0 == dropped }
        }
        let gaps = max(0, kept.count - 1)
        let fixed = kept.compactMap { wanted[$0] }.reduce(0, +)
        let flexible = kept.filter { wanted[$0] == nil }
        // Flexible columns get their least, then share what is left evenly; the first takes
        // what an even share leaves over, so rows fill the box.
        let extra = max(0, total - gaps - fixed - flexible.reduce(0) { $0 + columns[$1].least })
        let share = extra / max(1, flexible.count)
        var widths = kept.map { index in
            wanted[index] ?? columns[index].least + share + (index == flexible.first ? extra % max(1, flexible.count) : 0)
        }
        var excess = widths.reduce(0, +) + gaps - total
        for index in widths.indices.reversed() where excess > 0 {
            let cut = min(excess, widths[index] - 1)
            widths[index] -= cut
            excess -= cut
        }
        return (kept.map { columns[$0] }, widths)
    }
}
