/// What an Escape means together with the characters that arrived with it.
///
/// ncurses in keypad mode turns the sequences the terminal's terminfo entry lists into key
/// codes, but terminals send more than their entry says: tmux sends `ESC[4~` for End where
/// `xterm-256color` lists `ESC OF`. ncurses hands such a sequence over as Escape followed
/// by its characters, which read one by one would be keys (`[`, `4`, `~`: the views'
/// number keys). Alt+letter arrives as Escape then the letter. So an Escape is read with
/// whatever came in the same burst: alone it is the Escape key; with a CSI (`ESC [`) or
/// SS3 (`ESC O`) sequence it is that key, or nothing when the sequence is unknown; with one
/// other character it is Alt plus that character, which no binding uses.
public enum EscapeSequence {
    /// At most this many characters are read after an Escape: longer is not a key.
    public static let longest = 16

    /// Whether `following` (the characters after the Escape) is a whole sequence.
    public static func isComplete(_ following: [Character]) -> Bool {
        guard let introducer = following.first else { return false }
        switch introducer {
        case "[": return following.count >= 2 && isFinal(following.last!)
        case "O": return following.count >= 2
        default: return true
        }
    }

    /// The key an Escape and the characters that came with it stand for; nil for a
    /// sequence that names no key the console knows (it is dropped whole).
    public static func key(following: [Character]) -> Key? {
        guard let introducer = following.first else { return .escape }
        if following.count == 1 { return .alt(introducer) }
        guard introducer == "[" || introducer == "O" else { return nil }
        let body = following.dropFirst()
        guard let final = body.last else { return nil }
        // Modifier parameters (`ESC[1;5C`: Ctrl-Right) are dropped: the key is what counts.
        let parameters = String(body.dropLast()).split(separator: ";").first.map(String.init) ?? ""
        switch (final, parameters) {
        case ("A", _): return .up
        case ("B", _): return .down
        case ("C", _): return .right
        case ("D", _): return .left
        case ("H", _): return .home
        case ("F", _): return .end
        case ("Z", _): return .backTab
        case ("M", _) where introducer == "O": return .enter
        case ("~", "1"), ("~", "7"): return .home
        case ("~", "4"), ("~", "8"): return .end
        case ("~", "3"): return .delete
        case ("~", "5"): return .pageUp
        case ("~", "6"): return .pageDown
        default: return nil
        }
    }

    /// CSI sequences end with a character from `@` to `~`.
    private static func isFinal(_ character: Character) -> Bool {
        guard let value = character.asciiValue else { return false }
        return (0x40...0x7E).contains(value)
    }
}
