import OAuth2Core
import OAuth2Store
import PostgresNIO

extension PostgresStore {
    /// Feed entries after `cursor`, in feed order, at most `limit` (capped at
    /// `RevocationEntry.pageLimit`).
    public func revocations(after cursor: Int64, limit: Int) throws -> [RevocationEntry] {
        try rows("""
            SELECT seq, client_id, jti, issued_through, expires_at FROM revocation_feed
            WHERE seq > \(cursor) ORDER BY seq LIMIT \(RevocationEntry.pageSize(limit))
            """).map { row in
            let (seq, clientId, jti, issuedThrough, expiresAt) = try row.decode((Int64, String, String?, Int64?, Int64).self)
            return RevocationEntry(seq: seq, clientId: clientId, jti: jti, issuedThrough: issuedThrough, expiresAt: expiresAt)
        }
    }

    /// Deletes entries whose tokens have all expired; returns how many.
    @discardableResult
    public func purgeExpiredRevocations(at now: EpochSeconds) throws -> Int {
        try Self.firstInt(rows("""
            WITH deleted AS (DELETE FROM revocation_feed WHERE expires_at <= \(now) RETURNING 1) SELECT count(*) FROM deleted
            """))
    }

    /// Publishes one revoked token, in the transaction that revokes it.
    static func publishRevocation(of token: TokenRecord, _ session: PostgresSession) throws {
        try takeFeedTurn(session)
        try session.query("INSERT INTO revocation_feed (client_id, jti, expires_at) VALUES (\(token.clientId), \(token.jti), \(token.expiresAt))")
    }

    /// Publishes that every token `clientId` was issued up to `now` is revoked, kept until
    /// the last of them expires.
    static func publishClientRevocation(of clientId: String, at now: EpochSeconds, _ session: PostgresSession) throws {
        let lastExpiry = try session.query("SELECT max(expires_at) FROM token WHERE client_id = \(clientId)")
            .first?.decode(Int64?.self) ?? now
        guard lastExpiry > now else { return }
        try takeFeedTurn(session)
        try session.query("""
            INSERT INTO revocation_feed (client_id, issued_through, expires_at) VALUES (\(clientId), \(now), \(lastExpiry))
            """)
    }

    /// Followers read the feed by `seq > cursor`, so entries must become visible in `seq`
    /// order. SQLite's single writer gives that; here an entry's seq is drawn when it is
    /// inserted but seen when its transaction commits, and a later seq committed first would
    /// move a follower's cursor past an earlier one for good. Publishers therefore take turns
    /// until commit: a transaction-scoped advisory lock, held only by revoking transactions.
    private static func takeFeedTurn(_ session: PostgresSession) throws {
        try session.query("SELECT pg_advisory_xact_lock(\(feedLock))")
    }

    /// The advisory lock's key: any constant no other code of this database uses.
    private static let feedLock: Int64 = 0x6F61_7574_6832_6664  // "oauth2fd"
}
