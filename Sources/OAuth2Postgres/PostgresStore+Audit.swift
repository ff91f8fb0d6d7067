import OAuth2Core
import OAuth2Store
import PostgresNIO

extension PostgresStore: AuditLog {
    /// Audit events, newest first.
    public func listAudit(since: EpochSeconds?, afterId: Int64?, limit: Int) throws -> [AuditEvent] {
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 160, interpolationCount: 3)
        sql.appendLiteral("SELECT id, at, actor, action, subject, details FROM audit_event WHERE true")
        if let since {
            sql.appendLiteral(" AND at >= ")
            sql.appendInterpolation(since)
        }
        if let afterId {
            sql.appendLiteral(" AND id > ")
            sql.appendInterpolation(afterId)
        }
        sql.appendLiteral(" ORDER BY id DESC LIMIT ")
        sql.appendInterpolation(limit)
        return try rows(PostgresQuery(stringInterpolation: sql)).map { row in
            let (id, at, actor, action, subject, details) = try row.decode((Int64, Int64, String, String, String, String).self)
            return AuditEvent(id: id, at: at, actor: try Self.stored(actor), action: action, subject: subject, details: details)
        }
    }
}
