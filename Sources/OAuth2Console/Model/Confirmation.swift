/// A destructive action waiting for `y`/Enter or `n`/Esc.
struct Confirmation: Equatable, Sendable {
    var question: String
    var command: StoreCommand
}
