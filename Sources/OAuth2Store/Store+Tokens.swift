import Foundation
import GRDB
import OAuth2Core

/// Which tokens a listing wants.
public struct TokenQuery: Sendable, Equatable {
    public var clientId: String?
    public var state: TokenState?
    public var limit: Int

    public init(clientId: String? = nil, state: TokenState? = nil, limit: Int = 100) {
        self.clientId = clientId
        self.state = state
        self.limit = limit
    }
}

extension Store {
    /// Tokens, newest first.
    public func listTokens(_ query: TokenQuery) throws -> [TokenRecord] {
        try read { db in
            let now = Clock.now()
            var request = query.state.map { TokenRecord.inState($0, at: now) } ?? TokenRecord.all()
            if let clientId = query.clientId { request = request.filter(Column("client_id") == clientId) }
            // Within a second, by jti: it starts with the issue time in milliseconds.
            return try request.order(Column("issued_at").desc, Column("jti").desc).limit(query.limit).fetchAll(db)
        }
    }

    public func token(jti: String) throws -> TokenRecord? {
        try read { try TokenRecord.fetchOne($0, key: jti) }
    }

    public func liveTokenCount() throws -> Int {
        try read { try TokenRecord.live(at: Clock.now()).fetchCount($0) }
    }

    /// Revokes one token. Revoking a token that is already revoked or expired is not an
    /// error (RFC 7009 §2.2 treats it the same way); returns whether it was live.
    @discardableResult
    public func revokeToken(jti: String, reason: String, actor: AuditActor) throws -> Bool {
        try write { db in
            let now = Clock.now()
            guard var token = try TokenRecord.fetchOne(db, key: jti) else {
                throw StoreError.notFound("no token with jti \(jti)")
            }
            guard token.state(at: now) == .active else { return false }
            token.revokedAt = now
            token.revokedReason = reason
            try token.update(db)
            try AuditEvent.record(db, actor: actor, action: "token.revoke", subject: jti,
                                  details: ["client_id": .string(token.clientId), "reason": .string(reason)])
            return true
        }
    }

    /// Revokes every live token of a client; returns how many.
    public func revokeTokens(clientId: String, reason: String, actor: AuditActor) throws -> Int {
        try write { db in
            _ = try ClientRecord.find(db, id: clientId)
            let revoked = try Self.revokeLiveTokens(of: clientId, reason: reason, at: Clock.now(), db)
            try AuditEvent.record(db, actor: actor, action: "token.revoke_client", subject: clientId,
                                  details: ["revoked_tokens": .int(revoked), "reason": .string(reason)])
            return revoked
        }
    }

    static func revokeLiveTokens(of clientId: String, reason: String, at now: EpochSeconds, _ db: Database) throws -> Int {
        try TokenRecord.live(at: now).filter(Column("client_id") == clientId)
            .updateAll(db, Column("revoked_at").set(to: now), Column("revoked_reason").set(to: reason))
    }

    /// Deletes rows of tokens that expired or were revoked more than `retention` seconds ago,
    /// `batchSize` rows per transaction so that a large purge never holds the write lock
    /// for long. Returns how many rows were deleted.
    public func purgeTokens(retention: Int, batchSize: Int = 1000, actor: AuditActor) throws -> Int {
        guard DurationRange.lookBack.contains(retention) else {
            throw StoreError.invalid("retention \(retention)s is out of range (\(DurationRange.lookBack))")
        }
        let cutoff = Clock.now() - EpochSeconds(retention)
        var total = 0
        while true {
            let deleted = try write { db in
                try db.execute(sql: """
                    DELETE FROM token WHERE jti IN (
                        SELECT jti FROM token
                        WHERE expires_at <= ?1 OR (revoked_at IS NOT NULL AND revoked_at <= ?1)
                        LIMIT ?2)
                    """, arguments: [cutoff, batchSize])
                return db.changesCount
            }
            total += deleted
            if deleted < batchSize { break }
        }
        try write { db in
            try AuditEvent.record(db, actor: actor, action: "token.purge", subject: "tokens",
                                  details: ["deleted": .int(total), "retention": .string(DurationText.format(retention))])
        }
        return total
    }
}
