import OAuth2Core

/// The two reads the request path makes: the client generation, on every authenticated
/// request, and a token by its jti, on every introspection and revocation. On a
/// `RawConnection` of its own.
///
/// Not thread-safe: each event loop owns one.
public final class RequestReader {
    private let generation: RawStatement
    private let token: RawStatement

    public init(store: Store) throws {
        let connection = try RawConnection(path: store.path, durability: store.durability)
        generation = try connection.prepare("SELECT value FROM client_generation")
        token = try connection.prepare("""
            SELECT client_id, scope, audience, format, issued_at, expires_at, revoked_at, revoked_reason, key_id, token_hash
            FROM token WHERE jti = ?
            """)
    }

    /// The counter that triggers bump on every change to clients, their secrets, scopes or
    /// audiences, by any process. Equal values mean nothing authentication reads changed.
    public func clientGeneration() throws -> Int64 {
        try generation.firstRow { $0.integer(0) } ?? 0
    }

    /// The token row with this jti, if any.
    public func token(jti: String) throws -> TokenRecord? {
        token.bind([.text(jti)])
        return try token.firstRow { row in
            guard let format = row.text(3).flatMap(TokenFormat.init(rawValue:)) else { return nil }
            return TokenRecord(jti: jti, clientId: row.text(0) ?? "", scope: row.text(1) ?? "", audience: row.text(2) ?? "",
                               format: format, issuedAt: row.integer(4), expiresAt: row.integer(5),
                               revokedAt: row.optionalInteger(6), revokedReason: row.text(7), keyId: row.text(8),
                               tokenHash: row.blob(9))
        } ?? nil
    }
}
