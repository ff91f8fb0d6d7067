import Foundation
import NIOCore
import OAuth2Core
import OAuth2Store
import PostgresNIO

/// The request path's reads (`RequestReading`) from a PostgreSQL store: one statement, so
/// one snapshot, over the store's pool. Unlike SQLite's it may be shared between threads.
final class PostgresRequestReader: RequestReading {
    private let database: PostgresDatabase

    init(database: PostgresDatabase) {
        self.database = database
    }

    func clientGeneration() throws -> Int64 {
        try database.withConnection { session in
            try session.query("SELECT value FROM client_generation").first.map { try $0.decode(Int64.self) } ?? 0
        }
    }

    func clientGenerationAndToken(jti: String) throws -> (clientGeneration: Int64, token: TokenRecord?) {
        try database.withConnection { session in
            guard let row = try session.query("""
                SELECT g.value, t.client_id, t.scope, t.audience, t.format, t.issued_at, t.expires_at,
                    t.revoked_at, t.revoked_reason, t.key_id, t.token_hash
                FROM client_generation g LEFT JOIN token t ON t.jti = \(jti)
                """).first
            else { return (0, nil) }
            let (generation, clientId, scope, audience, format, issuedAt, expiresAt, revokedAt, revokedReason, keyId, hash) =
                try row.decode((Int64, String?, String?, String?, String?, Int64?, Int64?, Int64?, String?, String?, ByteBuffer?).self)
            let token = format.flatMap(TokenFormat.init(rawValue:)).map { format in
                TokenRecord(jti: jti, clientId: clientId ?? "", scope: scope ?? "", audience: audience ?? "", format: format,
                            issuedAt: issuedAt ?? 0, expiresAt: expiresAt ?? 0, revokedAt: revokedAt, revokedReason: revokedReason,
                            keyId: keyId, tokenHash: hash.map { Data($0.readableBytesView) })
            }
            return (generation, token)
        }
    }
}
