import Foundation
import NIOCore
import OAuth2Core
import OAuth2Store
import PostgresNIO

/// The PostgreSQL store's side of the group commit: a whole batch in one statement, so one
/// round trip and one commit, whatever its size. Its rows travel as one array per column
/// (`unnest`), so the statement's text never changes with the batch and PostgreSQL plans it
/// the same way every time.
///
/// The client generation is read `FOR SHARE` in the same statement: a transaction that
/// changes a client bumps that row, so it waits for this commit or this commit waits for it
/// and then reads its value. Either way no token is recorded under a generation that a change
/// committed before it had already moved, as on SQLite, where the write lock does the same.
final class PostgresTokenCommitter: TokenBatchCommitter {
    private let database: PostgresDatabase

    init(database: PostgresDatabase) {
        self.database = database
    }

    /// Nullable columns travel as arrays without NULLs: these stand for NULL.
    private static let noKey = ""
    private static let noGeneration: Int64 = -1

    func commit(_ groups: [TokenGroup]) throws -> Int64 {
        var jtis: [String] = [], clients: [String] = [], scopes: [String] = [], audiences: [String] = []
        var formats: [String] = [], issued: [Int64] = [], expires: [Int64] = [], keys: [String] = []
        var hashes: [ByteBuffer] = [], generations: [Int64] = []
        for group in groups {
            for token in group.rows {
                jtis.append(token.jti)
                clients.append(token.clientId)
                scopes.append(token.scope)
                audiences.append(token.audience)
                formats.append(token.format.rawValue)
                issued.append(token.issuedAt)
                expires.append(token.expiresAt)
                keys.append(token.keyId ?? Self.noKey)
                hashes.append(ByteBuffer(bytes: token.tokenHash ?? Data()))
                generations.append(group.clientGeneration ?? Self.noGeneration)
            }
        }
        let probe = groups.contains(where: \.isProbe)
        return try database.withConnection { session in
            guard let row = try session.query("""
                WITH current AS (SELECT value FROM client_generation WHERE id = 1 FOR SHARE),
                recorded AS (
                    INSERT INTO token (jti, client_id, scope, audience, format, issued_at, expires_at, key_id, token_hash)
                    SELECT t.jti, t.client_id, t.scope, t.audience, t.format, t.issued_at, t.expires_at,
                        NULLIF(t.key_id, ''), NULLIF(t.token_hash, ''::bytea)
                    FROM unnest(\(jtis)::text[], \(clients)::text[], \(scopes)::text[], \(audiences)::text[],
                                \(formats)::text[], \(issued)::bigint[], \(expires)::bigint[], \(keys)::text[],
                                \(hashes)::bytea[], \(generations)::bigint[])
                        AS t(jti, client_id, scope, audience, format, issued_at, expires_at, key_id, token_hash, generation)
                    WHERE t.generation = -1 OR t.generation = (SELECT value FROM current)
                    RETURNING 1),
                probed AS (
                    INSERT INTO write_probe (id, probed_at) SELECT 1, extract(epoch FROM now())::bigint WHERE \(probe)
                    ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at
                    RETURNING 1)
                SELECT (SELECT value FROM current), (SELECT count(*) FROM recorded), (SELECT count(*) FROM probed)
                """).first
            else { throw PostgresStoreError.failed(database: database.url.description, reason: "the commit returned no row") }
            return try row.decode(Int64.self)
        }
    }

    func stop() {}
}
