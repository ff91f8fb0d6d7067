/// Inserts freshly issued token rows, a batch per transaction, on a `RawConnection` of its
/// own. The token writer's group commit runs through it.
///
/// Not thread-safe: one thread uses it at a time.
public final class TokenInserter {
    private let begin: RawStatement
    private let insert: RawStatement
    private let commit: RawStatement
    private let rollback: RawStatement

    /// With `checkpoints` false, the commits leave the WAL to grow until someone else
    /// checkpoints it (see `WALCheckpointer`); else SQLite's automatic checkpoint runs
    /// inside the commit that crosses its threshold.
    public init(store: Store, checkpoints: Bool = true) throws {
        let connection = try RawConnection(path: store.path, durability: store.durability)
        if !checkpoints { try connection.prepare("PRAGMA wal_autocheckpoint = 0").run() }
        begin = try connection.prepare("BEGIN IMMEDIATE")
        insert = try connection.prepare("""
            INSERT INTO token (jti, client_id, scope, audience, format, issued_at, expires_at, key_id, token_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        commit = try connection.prepare("COMMIT")
        rollback = try connection.prepare("ROLLBACK")
    }

    /// All of `tokens` in one transaction, or none of them.
    public func insert(_ tokens: [TokenRecord]) throws {
        try begin.run()
        do {
            for token in tokens {
                insert.bind([.text(token.jti), .text(token.clientId), .text(token.scope), .text(token.audience),
                             .text(token.format.rawValue), .integer(token.issuedAt), .integer(token.expiresAt),
                             token.keyId.map(RawValue.text), token.tokenHash.map(RawValue.blob)])
                try insert.run()
            }
            try commit.run()
        } catch {
            try? rollback.run()
            throw error
        }
    }
}
