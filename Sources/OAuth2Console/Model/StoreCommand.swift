import OAuth2Core
import OAuth2Store

/// An admin action, run against the store off the UI thread by the same store calls the
/// CLI makes (so validation and the audit trail are the same).
enum StoreCommand: Equatable, Sendable {
    case addScope(name: String, description: String)
    case deleteScope(name: String)
    case register(ClientSpec)
    case update(clientId: String, ClientChanges)
    case rotateSecret(clientId: String, grace: Int)
    case expireSecret(clientId: String, displayPrefix: String)
    case setStatus(clientId: String, ClientStatus)
    case deleteClient(clientId: String)
    case revokeToken(jti: String)
    case revokeClientTokens(clientId: String)
    case rotateKey
}

/// What a store command achieved, as `update` learns it.
enum StoreOutcome: Sendable {
    /// Done; the message says what happened, for the status line and the log.
    case done(String, clientId: String?)
    /// A client was registered or its secret rotated: the one time its secret is visible.
    case secretIssued(Registration, rotated: Bool)
}
