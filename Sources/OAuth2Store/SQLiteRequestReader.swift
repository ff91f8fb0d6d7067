import OAuth2Core

/// The request path's reads (`RequestReading`) from a SQLite store, on a `RawConnection` of its own: the client generation
/// (when a cached client may be stale), alone or with a token by its jti (on every
/// introspection and revocation), in one statement and so one snapshot.
///
/// Not thread-safe: each event loop owns one.
public final class SQLiteRequestReader: RequestReading {
    private let generation: RawStatement
    private let generationAndToken: RawStatement

    public init(store: SQLiteStore) throws {
        let connection = try RawConnection(path: store.path, durability: store.durability)
        generation = try connection.prepare("SELECT value FROM client_generation")
        generationAndToken = try connection.prepare("""
            SELECT g.value, t.client_id, t.scope, t.audience, t.format, t.issued_at, t.expires_at,
                t.revoked_at, t.revoked_reason, t.key_id, t.token_hash
            FROM client_generation g LEFT JOIN token t ON t.jti = ?
            """)
    }

    /// The counter that triggers bump on every change to clients, their secrets, scopes or
    /// audiences, by any process. Equal values mean nothing authentication reads changed.
    public func clientGeneration() throws -> Int64 {
        try generation.firstRow { $0.integer(0) } ?? 0
    }

    /// The client generation and the token row with this jti (nil if there is none), as of
    /// one moment.
    public func clientGenerationAndToken(jti: String) throws -> (clientGeneration: Int64, token: TokenRecord?) {
        generationAndToken.bind([.text(jti)])
        return try generationAndToken.firstRow { row in
            let token = row.text(4).flatMap(TokenFormat.init(rawValue:)).map { format in
                TokenRecord(jti: jti, clientId: row.text(1) ?? "", scope: row.text(2) ?? "", audience: row.text(3) ?? "",
                            format: format, issuedAt: row.integer(5), expiresAt: row.integer(6),
                            revokedAt: row.optionalInteger(7), revokedReason: row.text(8), keyId: row.text(9),
                            tokenHash: row.blob(10))
            }
            return (row.integer(0), token)
        } ?? (0, nil)
    }
}
