import OAuth2Core
import OAuth2Store
import PostgresNIO

extension PostgresStore {
    /// The client as authentication sees it (nil if unknown), and the client generation it
    /// is current for: one statement, so one snapshot. Its lists come as SQLite's query
    /// renders them, and are read by the same code (`StoredClientText`).
    public func registeredClient(id: String) throws -> (client: RegisteredClient?, clientGeneration: Int64) {
        let rows = try rows("""
            SELECT g.value, c.status, c.token_ttl, c.token_format, c.can_introspect,
                (SELECT string_agg(scope_name, ' ') FROM client_scope WHERE client_id = c.id),
                (SELECT string_agg(audience, ' ') FROM client_audience WHERE client_id = c.id),
                (SELECT string_agg(encode(salt, 'hex') || ':' || encode(hash, 'hex') || ':' || coalesce(expires_at::text, ''), ' ')
                 FROM client_secret WHERE client_id = c.id AND ended_at IS NULL),
                (SELECT max(issued_through) FROM revocation_feed WHERE client_id = c.id AND issued_through IS NOT NULL)
            FROM client_generation g LEFT JOIN client c ON c.id = \(id)
            """)
        guard let row = rows.first else { return (nil, 0) }
        let (generation, status, ttl, format, canIntrospect, scopes, audiences, secrets, revokedThrough)
            = try row.decode((Int64, String?, Int?, String?, Bool?, String?, String?, String?, Int64?).self)
        guard let status, let ttl, let format, let canIntrospect else { return (nil, generation) }
        let client = RegisteredClient(
            id: id, status: try Self.stored(status),
            allowedScopes: StoredClientText.words(scopes), allowedAudiences: StoredClientText.words(audiences),
            tokenTtl: ttl, tokenFormat: try Self.stored(format), canIntrospect: canIntrospect,
            secrets: StoredClientText.words(secrets).compactMap(StoredClientText.acceptedSecret),
            tokensRevokedThrough: revokedThrough)
        return (client, generation)
    }
}
