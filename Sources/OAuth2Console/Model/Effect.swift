/// Work `update` asks the runtime to do outside the pure core; results come back as actions.
enum Effect: Equatable, Sendable {
    /// Read a fresh snapshot of the store.
    case reload
    case perform(StoreCommand)
    /// Put text on the terminal's clipboard (OSC 52).
    case copyToClipboard(String)
    case loadTheme(String)
    case quit
}
