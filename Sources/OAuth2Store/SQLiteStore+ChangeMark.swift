import GRDB

/// What a console shows can change only through a commit that moves one of these: the
/// client generation (clients, secrets, scopes granted), the newest audit event (every
/// admin action, key rotations and retirements included), the newest token and the newest
/// revocation. A serving process's once-a-second presence row moves none of them, so a
/// watcher that sees the store change but not its mark need not reload everything (at
/// 300,000 live tokens a full reload each second kept an idle console at 5 % of a core).
public struct ChangeMark: Equatable, Sendable {
    let clientGeneration: Int64
    let newestAuditEvent: Int64
    let newestToken: String
    let newestRevocation: Int64

    public init(clientGeneration: Int64, newestAuditEvent: Int64, newestToken: String, newestRevocation: Int64) {
        self.clientGeneration = clientGeneration
        self.newestAuditEvent = newestAuditEvent
        self.newestToken = newestToken
        self.newestRevocation = newestRevocation
    }
}

extension SQLiteStore {
    /// Four index lookups.
    public func changeMark() throws -> ChangeMark {
        try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT value FROM client_generation), (SELECT max(id) FROM audit_event),
                       (SELECT max(jti) FROM token), (SELECT max(seq) FROM revocation_feed)
                """)
            return ChangeMark(clientGeneration: row?[0] ?? 0, newestAuditEvent: row?[1] ?? 0,
                              newestToken: row?[2] ?? "", newestRevocation: row?[3] ?? 0)
        }
    }
}
