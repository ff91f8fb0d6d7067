import GRDB
import OAuth2Core

extension Store {
    /// Audit events, newest first.
    public func listAudit(since: EpochSeconds? = nil, afterId: Int64? = nil, limit: Int = 100) throws -> [AuditEvent] {
        try read { db in
            var request = AuditEvent.all()
            if let since { request = request.filter(Column("at") >= since) }
            if let afterId { request = request.filter(Column("id") > afterId) }
            return try request.order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }
}
