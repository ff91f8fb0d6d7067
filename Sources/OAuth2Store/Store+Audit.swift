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

    /// Records an event that is not part of a store change (e.g. a server start).
    public func recordAudit(actor: AuditActor, action: String, subject: String, details: [String: AuditValue] = [:]) throws {
        try write { db in try AuditEvent.record(db, actor: actor, action: action, subject: subject, details: details) }
    }
}
