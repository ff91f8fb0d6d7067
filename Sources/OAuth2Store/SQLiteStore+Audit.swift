import GRDB
import OAuth2Core

extension SQLiteStore {
    /// Audit events, newest first.
    public func listAudit(since: EpochSeconds?, afterId: Int64?, limit: Int) throws -> [AuditEvent] {
        try read { db in
            var request = AuditEvent.all()
            if let since { request = request.filter(Column("at") >= since) }
            if let afterId { request = request.filter(Column("id") > afterId) }
            return try request.order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }
}
