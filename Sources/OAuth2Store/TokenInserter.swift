/// Inserts freshly issued token rows, a batch per transaction, on a `RawConnection` of its
/// own. The token writer's group commit runs through it.
///
/// Not thread-safe: one thread uses it at a time.
public final class TokenInserter {
    private let connection: RawConnection
    private let begin: RawStatement
    private let generation: RawStatement
    private let insert: RawStatement
    private let probe: RawStatement
    private let commit: RawStatement
    private let rollback: RawStatement

    /// With `walLimitBytes` set, the commits leave the WAL to grow until someone else
    /// checkpoints it (see `WALCheckpointer`), and a WAL file grown past that size is cut
    /// back when it starts over; else SQLite's automatic checkpoint runs inside the commit
    /// that crosses its threshold.
    public init(store: SQLiteStore, walLimitBytes: Int? = nil) throws {
        let connection = try RawConnection(path: store.path, durability: store.durability)
        if let walLimitBytes {
            try connection.prepare("PRAGMA wal_autocheckpoint = 0").run()
            try connection.prepare("PRAGMA journal_size_limit = \(walLimitBytes)").run()
            connection.followWALSize()
        }
        self.connection = connection
        begin = try connection.prepare("BEGIN IMMEDIATE")
        generation = try connection.prepare("SELECT value FROM client_generation")
        insert = try connection.prepare("""
            INSERT INTO token (jti, client_id, scope, audience, format, issued_at, expires_at, key_id, token_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        probe = try connection.prepare("INSERT OR REPLACE INTO write_probe (id, probed_at) VALUES (1, unixepoch())")
        commit = try connection.prepare("COMMIT")
        rollback = try connection.prepare("ROLLBACK")
    }

    /// Copies the WAL into the database file between transactions, so the next one starts
    /// the WAL over (see `WALCheckpointer`).
    func checkpoint() throws {
        try connection.checkpointPassively()
    }

    /// The WAL's size in frames after the last commit (with `walLimitBytes` set; else 0).
    var framesInWAL: Int { connection.framesInWAL }

    /// All of `tokens` in one transaction, or none of them.
    public func insert(_ tokens: [TokenRecord]) throws {
        _ = try insert([TokenGroup(rows: tokens, clientGeneration: nil)])
    }

    /// In one transaction, the rows of every group issued under the client generation
    /// current at commit (or under none); returns that generation. A group issued under
    /// another is left out: what its clients were authenticated against has changed since.
    public func insert(_ groups: [TokenGroup]) throws -> Int64 {
        try begin.run()
        do {
            let current = try generation.firstRow { $0.integer(0) } ?? 0
            if groups.contains(where: \.isProbe) { try probe.run() }
            for group in groups where group.isCurrent(at: current) {
                for token in group.rows {
                    insert.bind([.text(token.jti), .text(token.clientId), .text(token.scope), .text(token.audience),
                                 .text(token.format.rawValue), .integer(token.issuedAt), .integer(token.expiresAt),
                                 token.keyId.map(RawValue.text), token.tokenHash.map(RawValue.blob)])
                    try insert.run()
                }
            }
            try commit.run()
            return current
        } catch {
            try? rollback.run()
            throw error
        }
    }
}
