/// An error body of the token, introspection or revocation endpoint (RFC 6749 §5.2), as a
/// client reads it: the code is kept as sent, since other servers use codes of their own.
public struct OAuthErrorResponse: Codable, Sendable, Equatable {
    public var error: String
    public var errorDescription: String?
    public var errorURI: String?

    public init(error: String, errorDescription: String? = nil, errorURI: String? = nil) {
        self.error = error
        self.errorDescription = errorDescription
        self.errorURI = errorURI
    }

    enum CodingKeys: String, CodingKey {
        case error
        case errorDescription = "error_description"
        case errorURI = "error_uri"
    }
}
