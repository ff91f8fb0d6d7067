import Foundation
import GRDB
import OAuth2Core

/// Which tokens a listing wants.
public struct TokenQuery: Sendable, Equatable {
    public var clientId: String?
    public var state: TokenState?
    /// Tokens of any of these clients, or whose jti contains the text: what a person
    /// searching the list for a name, an id or part of a jti means.
    public var matching: TokenMatch?
    /// Rows of the whole listing skipped before the first returned (a page further down).
    public var offset: Int
    public var limit: Int

    public init(clientId: String? = nil, state: TokenState? = nil, limit: Int = 100, matching: TokenMatch? = nil, offset: Int = 0) {
        self.clientId = clientId
        self.state = state
        self.limit = limit
        self.matching = matching
        self.offset = offset
    }
}

/// A search over tokens: by client (the ids whose names matched) or by part of the jti.
public struct TokenMatch: Sendable, Equatable {
    public var clientIds: [String]
    public var jtiContains: String

    public init(clientIds: [String], jtiContains: String) {
        self.clientIds = clientIds
        self.jtiContains = jtiContains
    }
}

/// A token row as a follower of new issuances needs it.
public struct TokenArrival: Sendable, Equatable, FetchableRecord, Decodable {
    public var jti: String
    public var clientId: String
    public var scope: String

    enum CodingKeys: String, CodingKey {
        case jti, scope
        case clientId = "client_id"
    }

    public init(jti: String, clientId: String, scope: String) {
        self.jti = jti
        self.clientId = clientId
        self.scope = scope
    }
}

extension SQLiteStore {
    /// Tokens, newest first.
    public func listTokens(_ query: TokenQuery) throws -> [TokenRecord] {
        try read { db in
            // Within a second, by jti: it starts with the issue time in milliseconds.
            try request(for: query, at: clock.now()).order(Column("issued_at").desc, Column("jti").desc)
                .limit(query.limit, offset: query.offset).fetchAll(db)
        }
    }

    /// How many tokens the query's listing holds (ignoring its offset and limit), counting
    /// no further than `cap`: a count over millions of rows would cost more than a screen
    /// needs to say "more than 1,000,000".
    public func countTokens(_ query: TokenQuery, upTo cap: Int) throws -> Int {
        try read { db in
            try request(for: query, at: clock.now()).select(Column("jti")).limit(cap).fetchCount(db)
        }
    }

    private func request(for query: TokenQuery, at now: EpochSeconds) -> QueryInterfaceRequest<TokenRecord> {
        var request = query.state.map { TokenRecord.inState($0, at: now) } ?? TokenRecord.all()
        if let clientId = query.clientId { request = request.filter(Column("client_id") == clientId) }
        if let matching = query.matching {
            let placeholders = Array(repeating: "?", count: matching.clientIds.count).joined(separator: ", ")
            request = request.filter(sql: "(client_id IN (\(placeholders)) OR instr(jti, ?) > 0)",
                                     arguments: StatementArguments(matching.clientIds + [matching.jtiContains]))
        }
        return request
    }

    /// Tokens whose jti lies in `range` (the jti starts with its issue time in hex
    /// milliseconds, so this is a slice of issue times), in jti order, at most `limit`:
    /// one range scan of the table's key, however big the table.
    public func tokenArrivals(jtiFrom lower: String, below upper: String, limit: Int) throws -> [TokenArrival] {
        try read { db in
            try TokenArrival.fetchAll(db, sql: """
                SELECT jti, client_id, scope FROM token WHERE jti >= ? AND jti < ? ORDER BY jti LIMIT ?
                """, arguments: [lower, upper, limit])
        }
    }

    public func token(jti: String) throws -> TokenRecord? {
        try read { try TokenRecord.fetchOne($0, key: jti) }
    }

    public func liveTokenCount() throws -> Int {
        try read { try TokenRecord.live(at: clock.now()).fetchCount($0) }
    }

    /// Revokes one token. Revoking a token that is already revoked or expired is not an
    /// error (RFC 7009 §2.2 treats it the same way); returns whether it was live.
    @discardableResult
    public func revokeToken(jti: String, reason: String, actor: AuditActor) throws -> Bool {
        try write { db in
            let now = clock.now()
            guard var token = try TokenRecord.fetchOne(db, key: jti) else {
                throw StoreError.noToken(jti)
            }
            guard token.state(at: now) == .active else { return false }
            token.revokedAt = now
            token.revokedReason = reason
            try token.update(db)
            try Self.publishRevocation(of: token, db)
            try AuditEvent.record(db, actor: actor, action: "token.revoke", subject: jti,
                                  details: ["client_id": .string(token.clientId), "reason": .string(reason)], at: now)
            return true
        }
    }

    /// Revokes every live token of a client; returns how many.
    public func revokeTokens(clientId: String, reason: String, actor: AuditActor) throws -> Int {
        try write { db in
            _ = try ClientRecord.find(db, id: clientId)
            let revoked = try Self.revokeLiveTokens(of: clientId, reason: reason, at: clock.now(), db)
            try AuditEvent.record(db, actor: actor, action: "token.revoke_client", subject: clientId,
                                  details: ["revoked_tokens": .int(revoked), "reason": .string(reason)], at: clock.now())
            return revoked
        }
    }

    static func revokeLiveTokens(of clientId: String, reason: String, at now: EpochSeconds, _ db: Database) throws -> Int {
        try Self.publishClientRevocation(of: clientId, at: now, db)
        return try TokenRecord.live(at: now).filter(Column("client_id") == clientId)
            .updateAll(db, Column("revoked_at").set(to: now), Column("revoked_reason").set(to: reason))
    }

    /// Deletes rows of tokens that expired or were revoked more than `retention` seconds ago,
    /// `batchSize` rows per transaction so that a large purge never holds the write lock
    /// for long. Returns how many rows were deleted.
    public func purgeTokens(retention: Int, batchSize: Int, actor: AuditActor) throws -> Int {
        try DurationRange.lookBack.require(retention, for: "retention")
        let cutoff = clock.now() - EpochSeconds(retention)
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
                                  details: ["deleted": .int(total), "retention": .string(DurationText.format(retention))], at: clock.now())
        }
        return total
    }
}
