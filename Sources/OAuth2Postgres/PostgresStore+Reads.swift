import PostgresNIO

/// How the store reads: one statement on a pooled connection, or several in one snapshot.
extension PostgresStore {
    /// Runs `body` in a read-only transaction that sees one snapshot throughout, as a read
    /// transaction of SQLite does: for reads of several queries that must agree.
    func read<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        try database.transaction { session in
            try session.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return try body(session)
        }
    }

    /// The rows of one query, on a connection of the pool (one statement sees one snapshot).
    func rows(_ query: PostgresQuery) throws -> [PostgresRow] {
        try database.withConnection { try $0.query(query) }
    }

    /// The integer a one-row, one-column answer holds (a `count(*)`), 0 for no row.
    static func firstInt(_ rows: [PostgresRow]) throws -> Int {
        try rows.first?.decode(Int.self) ?? 0
    }
}
