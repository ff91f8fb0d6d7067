/// What sits on top of the lists and takes the keys first.
enum Overlay: Equatable, Sendable {
    case help
    case filter(TextField)
    case commandLine(TextField)
    case form(ClientForm)
    case prompt(Prompt)
    case confirm(Confirmation)
    case reveal(SecretReveal)
}
