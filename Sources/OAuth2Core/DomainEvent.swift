/// What happened, as the live log pane, the request log and the metrics learn it.
/// Events never carry a secret or a whole token.
public enum DomainEvent: Sendable, Equatable {
    case tokenIssued(TokenIssued)
    case tokenDenied(TokenDenied)
    case tokenRevoked(jti: String, clientId: String, by: AuditActor)
    case serverStateChanged(String)

    public struct TokenIssued: Sendable, Equatable {
        public let clientId: String
        public let jti: String
        public let scope: String
        public let format: TokenFormat
        public let expiresAt: Int64

        public init(clientId: String, jti: String, scope: String, format: TokenFormat, expiresAt: Int64) {
            self.clientId = clientId
            self.jti = jti
            self.scope = scope
            self.format = format
            self.expiresAt = expiresAt
        }
    }

    public struct TokenDenied: Sendable, Equatable {
        /// The client id the request claimed, if any (it may not exist).
        public let clientId: String?
        /// The OAuth error code, or `rate_limited`.
        public let reason: String
        public let description: String
        public let address: String

        public init(clientId: String?, reason: String, description: String, address: String) {
            self.clientId = clientId
            self.reason = reason
            self.description = description
            self.address = address
        }
    }
}
