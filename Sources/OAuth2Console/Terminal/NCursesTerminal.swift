import CNCurses
import Foundation

/// The terminal over ncursesw. Create, use and restore it on one thread only: ncurses is
/// not thread-safe.
public final class NCursesTerminal: Terminal {
    /// How long `read` waits for a key: short enough to drain the inbox promptly, long
    /// enough that an idle console costs next to no CPU.
    static let inputTimeoutMilliseconds: Int32 = 50

    private let window: UnsafeMutablePointer<WINDOW>
    private var painted: Screen?
    private var looks: [StyleRole: (pair: Int16, attributes: attr_t)] = [:]
    private var restored = false

    public init() {
        // Without the locale, ncursesw treats UTF-8 bytes as Latin-1 and box drawing breaks.
        setlocale(LC_ALL, "")
        // The WINDOW* initscr returns stands in for `stdscr`, which Swift 6 rejects.
        window = initscr()!
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        wtimeout(window, Self.inputTimeoutMilliseconds)
        set_escdelay(25)
        oauth2_enable_mouse()
        curs_set(0)
        if has_colors() {
            start_color()
            use_default_colors()
        }
        TerminalSignals.restoreOnCrash()
    }

    public var size: (width: Int, height: Int) {
        (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    public func read() -> TerminalInput? {
        var character: wint_t = 0
        switch wget_wch(window, &character) {
        case KEY_CODE_YES:
            if Int32(character) == KEY_RESIZE {
                painted = nil
                return .resized
            }
            if Int32(character) == KEY_MOUSE { return mouseEvent().map(TerminalInput.mouse) }
            return Self.functionKey(Int32(character)).map(TerminalInput.key)
        case OK where character == 27:
            return escapeSequence().map(TerminalInput.key)
        case OK:
            return Self.characterKey(UInt32(character)).map(TerminalInput.key)
        default:
            return nil
        }
    }

    /// Reads what came in the same burst as an Escape (ncurses already waited ESCDELAY for
    /// it), without waiting for more, and decodes the whole. Another Escape in the burst
    /// starts the next key (Escape then Home arrive as `ESC ESC[1~`): it goes back to be
    /// read as such.
    private func escapeSequence() -> Key? {
        wtimeout(window, 0)
        defer { wtimeout(window, Self.inputTimeoutMilliseconds) }
        var following: [Character] = []
        var next: wint_t = 0
        while following.count < EscapeSequence.longest, !EscapeSequence.isComplete(following),
              wget_wch(window, &next) == OK, let scalar = UnicodeScalar(UInt32(next)) {
            if next == 27 {
                unget_wch(wchar_t(next))
                break
            }
            following.append(Character(scalar))
        }
        return EscapeSequence.key(following: following)
    }

    private func mouseEvent() -> MouseEvent? {
        var row: Int32 = 0, column: Int32 = 0
        switch oauth2_read_mouse(&row, &column) {
        case 1: return .click(row: Int(row), column: Int(column))
        case 2: return .wheel(up: true, row: Int(row), column: Int(column))
        case 3: return .wheel(up: false, row: Int(row), column: Int(column))
        default: return nil
        }
    }

    private static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_ENTER: .enter
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_BTAB: .backTab
        default: nil
        }
    }

    private static func characterKey(_ value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(UnicodeScalar(value + 96)!))
        default: return UnicodeScalar(value).map { .character(Character($0)) }
        }
    }

    public func apply(_ theme: Theme) {
        let colors = has_colors() ? Int(oauth2_colors()) : 0
        looks = [:]
        for (index, role) in StyleRole.allCases.enumerated() {
            let style = theme.style(for: role)
            var attributes = oauth2_a_normal()
            if style.bold { attributes |= oauth2_a_bold() }
            if style.underline { attributes |= oauth2_a_underline() }
            if style.reverse { attributes |= oauth2_a_reverse() }
            if style.dim { attributes |= oauth2_a_dim() }
            var pair: Int16 = 0
            if colors > 0 {
                pair = Int16(index + 1)
                init_pair(pair, Int16(style.foreground.resolved(forTerminalColors: colors)),
                          Int16(style.background.resolved(forTerminalColors: colors)))
            }
            looks[role] = (pair, attributes)
        }
        painted = nil
    }

    /// Paints only the rows that differ from the last paint, then updates the terminal once.
    public func paint(_ screen: Screen) {
        let full = painted.map { $0.width != screen.width || $0.height != screen.height } ?? true
        if full { werase(window) }
        for row in 0..<screen.height where full || !Self.sameRow(row, painted!, screen) {
            paintRow(row, of: screen)
        }
        painted = screen
        wnoutrefresh(window)
        doupdate()
    }

    private static func sameRow(_ row: Int, _ old: Screen, _ new: Screen) -> Bool {
        let start = row * new.width
        return old.cells[start..<start + new.width] == new.cells[start..<start + new.width]
    }

    private func paintRow(_ row: Int, of screen: Screen) {
        var column = 0
        while column < screen.width {
            let role = screen[row, column].role
            var characters: [wchar_t] = []
            var end = column
            while end < screen.width, screen[row, end].role == role {
                let character = screen[row, end].character
                if character != Cell.continuation {
                    characters.append(contentsOf: character.unicodeScalars.map { wchar_t(bitPattern: $0.value) })
                }
                end += 1
            }
            let look = looks[role] ?? (0, oauth2_a_normal())
            wattr_set(window, look.attributes, look.pair, nil)
            _ = mvwaddnwstr(window, Int32(row), Int32(column), characters, Int32(characters.count))
            column = end
        }
    }

    /// OSC 52: the terminal (and tmux, with set-clipboard) puts the text on the clipboard.
    public func copyToClipboard(_ text: String) {
        let sequence = "\u{1B}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}"
        FileHandle.standardOutput.write(Data(sequence.utf8))
    }

    public func restore() {
        guard !restored else { return }
        restored = true
        curs_set(1)
        endwin()
    }
}
