/// One answer of the revocation feed (`POST /revocations`): entries after the cursor sent,
/// the cursor to send next, and whether another page follows at once.
public struct RevocationFeedPage: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable, Hashable {
        public var clientID: String
        /// One revoked token; when absent, every token of the client issued at or before
        /// `issuedThrough` (its tokens revoked, or the client disabled or deleted).
        public var jwtID: String?
        public var issuedThrough: Int64?
        /// When the last token the entry names expires: a follower may forget it then.
        public var expiresAt: Int64

        public init(clientID: String, jwtID: String? = nil, issuedThrough: Int64? = nil, expiresAt: Int64) {
            self.clientID = clientID
            self.jwtID = jwtID
            self.issuedThrough = issuedThrough
            self.expiresAt = expiresAt
        }

        enum CodingKeys: String, CodingKey {
            case clientID = "client_id"
            case jwtID = "jti"
            case issuedThrough = "issued_through"
            case expiresAt = "exp"
        }
    }

    public var revocations: [Entry]
    public var cursor: String
    public var more: Bool

    public init(revocations: [Entry], cursor: String, more: Bool) {
        self.revocations = revocations
        self.cursor = cursor
        self.more = more
    }
}
