import OAuth2Store
import PostgresNIO

extension PostgresStore {
    /// PostgreSQL has no `data_version`. The current snapshot (the oldest transaction still
    /// running, the next transaction id, those in progress) changes whenever a writing
    /// transaction anywhere on the server starts or ends, and stays put while nothing
    /// writes: its hash moves on every commit, as `data_version` does, and more often (other
    /// databases' writes too), which only costs a watcher a `changeMark()` read.
    public func dataVersion() throws -> Int {
        try Self.firstInt(rows("SELECT hashtext(pg_current_snapshot()::text)"))
    }

    /// Four index lookups, as on SQLite.
    public func changeMark() throws -> ChangeMark {
        let rows = try rows("""
            SELECT (SELECT value FROM client_generation), (SELECT max(id) FROM audit_event),
                   (SELECT max(jti) FROM token), (SELECT max(seq) FROM revocation_feed)
            """)
        let (generation, audit, token, revocation) = try rows[0].decode((Int64?, Int64?, String?, Int64?).self)
        return ChangeMark(clientGeneration: generation ?? 0, newestAuditEvent: audit ?? 0,
                          newestToken: token ?? "", newestRevocation: revocation ?? 0)
    }
}
