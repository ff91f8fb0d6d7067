import OAuth2Core
import OAuth2Store
import PostgresNIO

extension PostgresStore: ServerRegistry {
    /// Writes (or refreshes) a serving process's row.
    public func publish(_ presence: ServerPresence) throws {
        _ = try rows("""
            INSERT INTO server_presence (id, url, pid, started_at, seen_at, issued, denied)
            VALUES (\(presence.id), \(presence.url), \(presence.pid), \(presence.startedAt), \(presence.seenAt),
                    \(presence.issued), \(presence.denied))
            ON CONFLICT (id) DO UPDATE SET url = excluded.url, pid = excluded.pid, started_at = excluded.started_at,
                seen_at = excluded.seen_at, issued = excluded.issued, denied = excluded.denied
            """)
    }

    /// Removes a process's row when it stops serving.
    public func withdrawPresence(id: String) throws {
        _ = try rows("DELETE FROM server_presence WHERE id = \(id)")
    }

    /// Every serving process's row, most recently seen first, leaving out rows not refreshed
    /// for a day.
    public func listPresence(at now: EpochSeconds) throws -> [ServerPresence] {
        try rows("""
            SELECT id, url, pid, started_at, seen_at, issued, denied FROM server_presence
            WHERE seen_at > \(now - 86_400) ORDER BY seen_at DESC
            """).map { row in
            let (id, url, pid, startedAt, seenAt, issued, denied) = try row.decode((String, String, Int64, Int64, Int64, Int64, Int64).self)
            return ServerPresence(id: id, url: url, pid: pid, startedAt: startedAt, seenAt: seenAt, issued: issued, denied: denied)
        }
    }
}
