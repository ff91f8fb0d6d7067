/// What the mouse did, where (row and column of the terminal).
public enum MouseEvent: Equatable, Sendable {
    case click(row: Int, column: Int)
    /// The wheel: up scrolls towards the top.
    case wheel(up: Bool, row: Int, column: Int)

    var row: Int {
        switch self {
        case let .click(row, _), let .wheel(_, row, _): row
        }
    }

    var column: Int {
        switch self {
        case let .click(_, column), let .wheel(_, _, column): column
        }
    }
}
