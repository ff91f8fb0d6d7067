import OAuth2Store

/// The token endpoint the header describes: the embedded one, or another process's.
public struct ServerInfo: Equatable, Sendable {
    public enum Mode: Equatable, Sendable {
        /// This process serves the endpoint.
        case embedded
        /// Another `oauth2 serve` process serves the store; the console only administers it.
        case attached
    }

    public var mode: Mode
    public var url: String
    public var state: String
    public var startedAt: EpochSeconds

    public init(mode: Mode, url: String, state: String, startedAt: EpochSeconds) {
        self.mode = mode
        self.url = url
        self.state = state
        self.startedAt = startedAt
    }
}
