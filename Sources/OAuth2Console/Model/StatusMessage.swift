import OAuth2Store

/// The outcome of the last action, shown in the status line for a few seconds.
struct StatusMessage: Equatable, Sendable {
    enum Kind: Sendable { case ok, warn, error }

    static let lifetime: EpochSeconds = 8

    var kind: Kind
    var text: String
    var at: EpochSeconds

    var role: StyleRole {
        switch kind {
        case .ok: .ok
        case .warn: .warn
        case .error: .error
        }
    }
}
