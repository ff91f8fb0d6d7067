/// What sits on top of the lists and takes the keys first.
enum Overlay: Equatable, Sendable {
    /// The key help, scrolled down by this many lines (it is longer than 80×24 holds).
    case help(scroll: Int)
    /// Denials of the last minutes by reason and client.
    case denials
    case filter(TextField)
    case commandLine(TextField)
    case form(ClientForm)
    case prompt(Prompt)
    case confirm(Confirmation)
    case reveal(SecretReveal)
}
