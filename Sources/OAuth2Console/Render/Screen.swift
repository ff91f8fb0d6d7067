/// One character cell: what it shows and the role that styles it. The cell to the right of
/// a double-width character holds `continuation` so columns stay aligned.
public struct Cell: Equatable, Sendable {
    public var character: Character
    public var role: StyleRole

    public static let blank = Cell(character: " ", role: .normal)
    /// Placeholder for the second column of a wide character; painters skip it.
    public static let continuation: Character = "\u{0}"
}

/// The whole terminal as a grid of cells: what `render` produces and the terminal paints.
/// Pure data, so tests read its text without a terminal.
public struct Screen: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(row: Int, column: Int) -> Cell {
        cells[row * width + column]
    }

    /// Writes `text` from (row, column), clipped at `limit` columns (default: the right edge).
    /// Returns the column after the last one written.
    @discardableResult
    public mutating func put(_ text: String, row: Int, column: Int, role: StyleRole, limit: Int? = nil) -> Int {
        guard row >= 0, row < height else { return column }
        let end = min(width, column + (limit ?? width))
        var x = column
        for character in text {
            let columns = DisplayWidth.of(character)
            guard columns > 0 else { continue }
            guard x + columns <= end else { break }
            if x >= 0 {
                cells[row * width + x] = Cell(character: character, role: role)
                if columns == 2 { cells[row * width + x + 1] = Cell(character: Cell.continuation, role: role) }
            }
            x += columns
        }
        return x
    }

    /// Paints `role` over a rectangle, blanking it.
    public mutating func fill(row: Int, column: Int, width fillWidth: Int, height fillHeight: Int, role: StyleRole) {
        for y in Self.span(from: row, length: fillHeight, within: height) {
            for x in Self.span(from: column, length: fillWidth, within: width) {
                cells[y * width + x] = Cell(character: " ", role: role)
            }
        }
    }

    /// Gives a row's existing characters a new role (the selection bar).
    public mutating func restyle(row: Int, column: Int, width restyleWidth: Int, role: StyleRole) {
        guard row >= 0, row < height else { return }
        for x in Self.span(from: column, length: restyleWidth, within: width) { cells[row * width + x].role = role }
    }

    /// The part of `start..<start + length` inside `0..<limit`: empty, never inverted, for
    /// any start and length (a pane placed off screen by a tiny terminal draws nothing).
    private static func span(from start: Int, length: Int, within limit: Int) -> Range<Int> {
        let lower = min(max(0, start), limit)
        return lower..<max(lower, min(limit, start + max(0, length)))
    }

    /// The text of one row, trailing spaces trimmed.
    public func text(row: Int) -> String {
        var line = ""
        for x in 0..<width where self[row, x].character != Cell.continuation { line.append(self[row, x].character) }
        while line.last == " " { line.removeLast() }
        return line
    }

    /// Every row's text, joined by newlines: what tests compare.
    public var text: String { (0..<height).map(text(row:)).joined(separator: "\n") }
}
