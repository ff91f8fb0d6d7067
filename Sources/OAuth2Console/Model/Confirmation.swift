/// An action waiting for `y`/Enter or `n`/Esc: a destructive store command, or quitting
/// while this process serves the token endpoint.
struct Confirmation: Equatable, Sendable {
    enum Outcome: Equatable, Sendable {
        case perform(StoreCommand)
        case quit
    }

    var question: String
    var outcome: Outcome

    init(question: String, command: StoreCommand) {
        self.question = question
        outcome = .perform(command)
    }

    init(quitting question: String) {
        self.question = question
        outcome = .quit
    }
}
