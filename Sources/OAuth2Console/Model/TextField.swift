/// A one-line text input: typing appends, Backspace deletes, Ctrl-U clears.
struct TextField: Equatable, Sendable {
    var text = ""

    /// Applies an editing key; returns false for keys that are not editing keys.
    mutating func edit(_ key: Key) -> Bool {
        switch key {
        case let .character(character):
            text.append(character)
        case .backspace, .delete:
            if !text.isEmpty { text.removeLast() }
        case .control("u"):
            text = ""
        default:
            return false
        }
        return true
    }
}
