import Foundation
import NIOCore
import OAuth2Core
import OAuth2Store
import PostgresNIO

/// The PostgreSQL store's side of the group commit: a whole batch in one statement, so one
/// round trip and one commit, whatever its size. Its rows travel as one array per column
/// (`unnest`), so the statement never changes with the batch: it is prepared once on the
/// committer's own connection and planned once (planning it for every batch cost as much
/// database time as inserting the rows).
///
/// The client generation is read `FOR SHARE` in the same statement: a transaction that
/// changes a client bumps that row, so it waits for this commit or this commit waits for it
/// and then reads its value. Either way no token is recorded under a generation that a change
/// committed before it had already moved, as on SQLite, where the write lock does the same.
final class PostgresTokenCommitter: TokenBatchCommitter {
    private let database: PostgresDatabase
    private let durability: Durability?
    /// The connection the statement is prepared on; made (again) when needed.
    private var connection: PostgresConnection?

    /// `durability`: the commits' `synchronous_commit` (nil: the database's own).
    init(database: PostgresDatabase, durability: Durability?) {
        self.database = database
        self.durability = durability
    }

    /// The committer's connection, set to plan its statements generically (the batch's
    /// arrays change, the plan need not) and to commit as durably as asked; made again when
    /// lost.
    private func preparedConnection() throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        let fresh = try database.connectApart()
        do {
            _ = try database.wait(for: fresh.query("""
                SELECT set_config('plan_cache_mode', 'force_generic_plan', false),
                    set_config('synchronous_commit', coalesce(\(durability?.synchronousCommit), current_setting('synchronous_commit')), false)
                """, logger: PostgresDatabase.quiet))
        } catch {
            PostgresDatabase.dropped(fresh)
            throw database.translated(error)
        }
        connection = fresh
        return fresh
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
        let batch = CommitTokens(jtis: jtis, clients: clients, scopes: scopes, audiences: audiences, formats: formats,
                                 issued: issued, expires: expires, keys: keys, hashes: hashes, generations: generations,
                                 probe: groups.contains(where: \.isProbe))
        let connection = try preparedConnection()
        do {
            return try database.wait { try await batch.run(on: connection) }
        } catch {
            if !PostgresDatabase.leavesConnectionUsable(error) {
                PostgresDatabase.dropped(connection)
                self.connection = nil
            }
            throw database.translated(error)
        }
    }

    /// `name`'s value in the committer's session, as `SHOW` there would say.
    func setting(_ name: String) throws -> String {
        let connection = try preparedConnection()
        return try database.wait {
            for try await value in try await connection.query("SELECT current_setting(\(name))", logger: PostgresDatabase.quiet)
                .decode(String.self) { return value }
            throw PostgresError.protocol("SELECT current_setting returned no row")
        }
    }

    func stop() {
        connection.map(PostgresDatabase.dropped)
        connection = nil
    }

    /// A committer no writer stopped (one used on its own) closes its connection too.
    deinit {
        stop()
    }
}

/// The batch's statement, prepared once per connection (PostgresNIO prepares a named
/// statement the first time a connection executes it). Its inserts run whether or not the
/// final SELECT reads them, as every data-modifying `WITH` does.
private struct CommitTokens: PostgresPreparedStatement {
    static let name = "oauth2_commit_tokens"
    static let sql = """
        WITH current AS (SELECT value FROM client_generation WHERE id = 1 FOR SHARE),
        recorded AS (
            INSERT INTO token (jti, client_id, scope, audience, format, issued_at, expires_at, key_id, token_hash)
            SELECT t.jti, t.client_id, t.scope, t.audience, t.format, t.issued_at, t.expires_at,
                NULLIF(t.key_id, ''), NULLIF(t.token_hash, ''::bytea)
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::text[],
                        $9::bytea[], $10::bigint[])
                AS t(jti, client_id, scope, audience, format, issued_at, expires_at, key_id, token_hash, generation)
            WHERE t.generation = -1 OR t.generation = (SELECT value FROM current)),
        probed AS (
            INSERT INTO write_probe (id, probed_at) SELECT 1, extract(epoch FROM now())::bigint WHERE $11
            ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at)
        SELECT (SELECT value FROM current)
        """
    typealias Row = Int64

    let jtis: [String], clients: [String], scopes: [String], audiences: [String], formats: [String]
    let issued: [Int64], expires: [Int64], keys: [String], hashes: [ByteBuffer], generations: [Int64]
    let probe: Bool

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 11)
        for column in [jtis, clients, scopes, audiences, formats] { bindings.append(column) }
        bindings.append(issued)
        bindings.append(expires)
        bindings.append(keys)
        bindings.append(hashes)
        bindings.append(generations)
        bindings.append(probe)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Int64 {
        try row.decode(Int64.self)
    }

    /// The client generation current at commit.
    func run(on connection: PostgresConnection) async throws -> Int64 {
        for try await generation in try await connection.execute(self, logger: PostgresDatabase.quiet) { return generation }
        throw PostgresError.protocol("the commit returned no row")
    }
}
