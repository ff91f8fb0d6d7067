import GRDB
import OAuth2Core

/// One entry of the revocation feed: a token, or every token a client was issued up to a time.
public struct RevocationEntry: Sendable, Equatable, FetchableRecord, Decodable {
    /// The feed's cursor: entries come in this order, and a follower asks for those after it.
    public var seq: Int64
    public var clientId: String
    /// The revoked token, or nil when the entry covers the client's tokens by issue time.
    public var jti: String?
    /// With no jti: every token of the client whose `iat` is at or before this is revoked.
    public var issuedThrough: EpochSeconds?
    /// When the last token the entry names expires; the entry is kept until then.
    public var expiresAt: EpochSeconds

    enum CodingKeys: String, CodingKey {
        case seq, jti
        case clientId = "client_id"
        case issuedThrough = "issued_through"
        case expiresAt = "expires_at"
    }

    package init(seq: Int64, clientId: String, jti: String?, issuedThrough: EpochSeconds?, expiresAt: EpochSeconds) {
        self.seq = seq
        self.clientId = clientId
        self.jti = jti
        self.issuedThrough = issuedThrough
        self.expiresAt = expiresAt
    }
}

extension RevocationEntry {
    /// The largest page `revocations(after:limit:)` returns, so one answer stays small.
    public static let pageLimit = 1000

    /// `limit` as a page may have it: at least one entry, at most `pageLimit`.
    package static func pageSize(_ limit: Int) -> Int { min(max(limit, 1), pageLimit) }
}

extension SQLiteStore {
    /// Entries after `cursor` (0 for all that are kept) in feed order, at most `limit`
    /// (capped at `RevocationEntry.pageLimit`): one range scan of the table's key.
    public func revocations(after cursor: Int64, limit: Int) throws -> [RevocationEntry] {
        try read { db in
            try RevocationEntry.fetchAll(db, sql: """
                SELECT seq, client_id, jti, issued_through, expires_at FROM revocation_feed
                WHERE seq > ? ORDER BY seq LIMIT ?
                """, arguments: [cursor, RevocationEntry.pageSize(limit)])
        }
    }

    /// Deletes entries whose tokens have all expired; returns how many.
    @discardableResult
    public func purgeExpiredRevocations(at now: EpochSeconds) throws -> Int {
        try write { db in
            try db.execute(sql: "DELETE FROM revocation_feed WHERE expires_at <= ?", arguments: [now])
            return db.changesCount
        }
    }

    /// Publishes one revoked token, in the transaction that revokes it.
    static func publishRevocation(of token: TokenRecord, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO revocation_feed (client_id, jti, expires_at) VALUES (?, ?, ?)",
                       arguments: [token.clientId, token.jti, token.expiresAt])
    }

    /// Publishes that every token `clientId` was issued up to `now` is revoked (its tokens
    /// revoked, the client disabled or deleted), kept until the last of them expires.
    static func publishClientRevocation(of clientId: String, at now: EpochSeconds, _ db: Database) throws {
        let lastExpiry = try EpochSeconds.fetchOne(db, sql: "SELECT MAX(expires_at) FROM token WHERE client_id = ?",
                                                   arguments: [clientId]) ?? now
        guard lastExpiry > now else { return }
        try db.execute(sql: "INSERT INTO revocation_feed (client_id, issued_through, expires_at) VALUES (?, ?, ?)",
                       arguments: [clientId, now, lastExpiry])
    }
}
