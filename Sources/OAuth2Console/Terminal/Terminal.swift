/// What the terminal reports between two paints.
public enum TerminalInput: Equatable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resized
}

/// The one seam between the console and a real terminal: read keys, know the size, paint
/// a screen, apply a theme. Every call happens on the one thread that owns the terminal.
public protocol Terminal: AnyObject {
    var size: (width: Int, height: Int) { get }
    /// Waits up to the terminal's input timeout for a key; nil when none came.
    func read() -> TerminalInput?
    func paint(_ screen: Screen)
    func apply(_ theme: Theme)
    func copyToClipboard(_ text: String)
    /// Gives the terminal back as it was (cursor, echo, main screen).
    func restore()
}
