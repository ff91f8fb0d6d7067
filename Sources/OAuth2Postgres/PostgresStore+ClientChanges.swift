import OAuth2Store
import PostgresNIO

extension PostgresStore {
    /// Runs a change to what authentication reads (clients, secrets, scopes, allow-lists) in
    /// one transaction, after taking the client generation's row, which its trigger bumps at
    /// commit anyway. Such changes thus take turns, as under SQLite's single writer: each
    /// sees the one before committed (a name taken, a scope deleted), and none holds a row
    /// another needs while it waits for the generation (a deadlock). Other locks come after
    /// it: a client's row, its token rows, the revocation feed's turn.
    func changeClients<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        try write { session in
            try session.query("SELECT value FROM client_generation FOR UPDATE")
            return try body(session)
        }
    }
}
