/// An access token as the client holds it. Its description never shows the token.
public struct AccessToken: Sendable, Equatable, CustomStringConvertible {
    /// The token itself, for the `Authorization: Bearer` header and nothing else.
    public let value: String
    /// The scope the server granted, when it said (else the one asked for).
    public let scope: String?
    /// When it expires, on the source's clock.
    public let expiresAt: ContinuousClock.Instant

    public var description: String { "AccessToken(scope: \(scope ?? "-"))" }
}
