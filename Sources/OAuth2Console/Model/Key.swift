/// A key press, decoded from the terminal into what the console cares about.
public enum Key: Hashable, Sendable {
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    /// Ctrl plus a letter (given in lower case).
    case control(Character)
    /// Alt (Meta) plus a character: no binding uses it; decoded so that it is not read
    /// as Escape and then the character.
    case alt(Character)

    /// How the key help and status line name the key.
    var label: String {
        switch self {
        case let .character(character): character == " " ? "Space" : String(character)
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .backspace: "Bksp"
        case .delete: "Del"
        case let .control(letter): "^" + letter.uppercased()
        case let .alt(character): "M-" + String(character)
        }
    }
}
