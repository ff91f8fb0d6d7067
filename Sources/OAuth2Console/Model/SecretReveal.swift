/// The one dialog that shows a client secret. It lives only while the dialog is open:
/// closing it drops the plaintext from the state.
struct SecretReveal: Equatable, Sendable {
    var clientName: String
    var clientId: String
    var secret: String
    var rotated: Bool
    var copied = false
}
