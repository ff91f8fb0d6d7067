/// A one-line text input with a cursor: typing inserts at the cursor, ←/→ and Home/End
/// (or Ctrl-A/Ctrl-E) move it, Backspace and Delete remove around it, Ctrl-U clears.
///
/// A field opened with a suggested value (a TTL's "1h", a grace's "1h") holds it as
/// `suggested`: the first character typed replaces it instead of appending to it, and a
/// cursor key keeps it for editing.
struct TextField: Equatable, Sendable {
    private(set) var characters: [Character]
    /// Where the next character goes: 0 ... characters.count.
    private(set) var cursor: Int
    private(set) var suggested: Bool

    init(text: String = "", suggested: Bool = false) {
        characters = Array(text)
        cursor = characters.count
        self.suggested = suggested
    }

    var text: String {
        get { String(characters) }
        set {
            characters = Array(newValue)
            cursor = characters.count
            suggested = false
        }
    }

    /// Applies an editing key; returns false for keys that are not editing keys.
    mutating func edit(_ key: Key) -> Bool {
        let replacing = suggested
        suggested = false
        switch key {
        case let .character(character):
            if replacing { characters = []; cursor = 0 }
            characters.insert(character, at: cursor)
            cursor += 1
        case .backspace:
            if replacing {
                characters = []; cursor = 0
            } else if cursor > 0 {
                characters.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete:
            if replacing {
                characters = []; cursor = 0
            } else if cursor < characters.count {
                characters.remove(at: cursor)
            }
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(characters.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = characters.count
        case .control("u"):
            characters = []
            cursor = 0
        default:
            suggested = replacing
            return false
        }
        return true
    }
}
