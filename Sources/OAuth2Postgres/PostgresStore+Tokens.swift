import OAuth2Core
import OAuth2Store
import PostgresNIO

extension PostgresStore: TokenLedger {
    /// Tokens, newest first (within a second, by jti, which starts with the issue time).
    public func listTokens(_ query: TokenQuery) throws -> [TokenRecord] {
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 256, interpolationCount: 6)
        sql.appendLiteral("SELECT \(Self.tokenColumns) FROM token")
        Self.appendConditions(of: query, at: clock.now(), to: &sql)
        sql.appendLiteral(" ORDER BY issued_at DESC, jti COLLATE \"C\" DESC LIMIT ")
        sql.appendInterpolation(query.limit)
        sql.appendLiteral(" OFFSET ")
        sql.appendInterpolation(query.offset)
        return try rows(PostgresQuery(stringInterpolation: sql)).map(Self.token)
    }

    /// How many tokens the query's listing holds (ignoring its offset and limit), counting
    /// no further than `cap`.
    public func countTokens(_ query: TokenQuery, upTo cap: Int) throws -> Int {
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 256, interpolationCount: 5)
        sql.appendLiteral("SELECT count(*) FROM (SELECT 1 FROM token")
        Self.appendConditions(of: query, at: clock.now(), to: &sql)
        sql.appendLiteral(" LIMIT ")
        sql.appendInterpolation(cap)
        sql.appendLiteral(") capped")
        return try Self.firstInt(rows(PostgresQuery(stringInterpolation: sql)))
    }

    /// The query's WHERE clause, as `TokenRecord.inState` and SQLite's listing filter.
    private static func appendConditions(of query: TokenQuery, at now: EpochSeconds, to sql: inout PostgresQuery.StringInterpolation) {
        sql.appendLiteral(" WHERE true")
        switch query.state {
        case .active?:
            sql.appendLiteral(" AND revoked_at IS NULL AND expires_at > ")
            sql.appendInterpolation(now)
        case .revoked?:
            sql.appendLiteral(" AND revoked_at IS NOT NULL")
        case .expired?:
            sql.appendLiteral(" AND revoked_at IS NULL AND expires_at <= ")
            sql.appendInterpolation(now)
        case nil:
            break
        }
        if let clientId = query.clientId {
            sql.appendLiteral(" AND client_id = ")
            sql.appendInterpolation(clientId)
        }
        if let matching = query.matching {
            sql.appendLiteral(" AND (client_id = ANY(")
            sql.appendInterpolation(matching.clientIds)
            sql.appendLiteral(") OR strpos(jti, ")
            sql.appendInterpolation(matching.jtiContains)
            sql.appendLiteral(") > 0)")
        }
    }

    /// Token rows with `lower <= jti < upper`, in jti order, at most `limit`: a range scan
    /// of the primary key (in the database's collation; the jti's hex prefix sorts alike in
    /// every common one).
    public func tokenArrivals(jtiFrom lower: String, below upper: String, limit: Int) throws -> [TokenArrival] {
        try rows("""
            SELECT jti, client_id, scope FROM token WHERE jti >= \(lower) AND jti < \(upper) ORDER BY jti LIMIT \(limit)
            """).map { row in
            let (jti, clientId, scope) = try row.decode((String, String, String).self)
            return TokenArrival(jti: jti, clientId: clientId, scope: scope)
        }
    }

    public func token(jti: String) throws -> TokenRecord? {
        try rows("SELECT \(unescaped: Self.tokenColumns) FROM token WHERE jti = \(jti)").first.map(Self.token)
    }

    public func liveTokenCount() throws -> Int {
        try Self.firstInt(rows("SELECT count(*) FROM token WHERE revoked_at IS NULL AND expires_at > \(clock.now())"))
    }

    /// Revokes one token; one already revoked or expired is not an error (RFC 7009 §2.2):
    /// returns whether it was live.
    @discardableResult
    public func revokeToken(jti: String, reason: String, actor: AuditActor) throws -> Bool {
        try write { session in
            let now = clock.now()
            guard let row = try session.query("SELECT \(unescaped: Self.tokenColumns) FROM token WHERE jti = \(jti) FOR UPDATE").first else {
                throw StoreError.noToken(jti)
            }
            let token = try Self.token(row)
            guard token.state(at: now) == .active else { return false }
            try session.query("UPDATE token SET revoked_at = \(now), revoked_reason = \(reason) WHERE jti = \(jti)")
            try Self.publishRevocation(of: token, session)
            try Self.audit(session, actor: actor, action: "token.revoke", subject: jti,
                           details: ["client_id": .string(token.clientId), "reason": .string(reason)], at: now)
            return true
        }
    }

    /// Revokes every live token of a client; returns how many.
    public func revokeTokens(clientId: String, reason: String, actor: AuditActor) throws -> Int {
        try write { session in
            _ = try Self.findClient(clientId, session, forUpdate: true)
            let revoked = try Self.revokeLiveTokens(of: clientId, reason: reason, at: clock.now(), session)
            try Self.audit(session, actor: actor, action: "token.revoke_client", subject: clientId,
                           details: ["revoked_tokens": .int(revoked), "reason": .string(reason)], at: clock.now())
            return revoked
        }
    }

    /// Revokes the client's live tokens and publishes it, in that order: every revoking
    /// transaction locks its token rows before it takes its turn at the feed, so none waits
    /// for a row while holding the turn another waits for (a deadlock).
    static func revokeLiveTokens(of clientId: String, reason: String, at now: EpochSeconds, _ session: PostgresSession) throws -> Int {
        let revoked = try firstInt(session.query("""
            WITH revoked AS (
                UPDATE token SET revoked_at = \(now), revoked_reason = \(reason)
                WHERE client_id = \(clientId) AND revoked_at IS NULL AND expires_at > \(now) RETURNING 1)
            SELECT count(*) FROM revoked
            """))
        try publishClientRevocation(of: clientId, at: now, session)
        return revoked
    }

    /// Deletes rows of tokens that expired or were revoked more than `retention` seconds ago,
    /// `batchSize` rows per statement so that no transaction holds many row locks for long.
    public func purgeTokens(retention: Int, batchSize: Int, actor: AuditActor) throws -> Int {
        try DurationRange.lookBack.require(retention, for: "retention")
        let cutoff = clock.now() - EpochSeconds(retention)
        var total = 0
        while true {
            let deleted = try Self.firstInt(rows("""
                WITH deleted AS (
                    DELETE FROM token WHERE jti IN (
                        SELECT jti FROM token
                        WHERE expires_at <= \(cutoff) OR (revoked_at IS NOT NULL AND revoked_at <= \(cutoff))
                        LIMIT \(batchSize))
                    RETURNING 1)
                SELECT count(*) FROM deleted
                """))
            total += deleted
            if deleted < batchSize { break }
        }
        try write { session in
            try Self.audit(session, actor: actor, action: "token.purge", subject: "tokens",
                           details: ["deleted": .int(total), "retention": .string(DurationText.format(retention))], at: clock.now())
        }
        return total
    }
}
