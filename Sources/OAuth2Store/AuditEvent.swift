import Foundation
import GRDB
import OAuth2Core

/// One entry of the audit trail: who did what to which subject, with JSON details.
/// Details never contain a secret or a whole token.
public struct AuditEvent: StoredRecord, Sendable, Equatable {
    public static let databaseTableName = "audit_event"

    public var id: Int64?
    public var at: EpochSeconds
    public var actor: AuditActor
    public var action: String
    public var subject: String
    /// A JSON object.
    public var details: String

    package init(id: Int64?, at: EpochSeconds, actor: AuditActor, action: String, subject: String, details: String) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.details = details
    }

    /// Appends an event inside the caller's transaction, so the trail and the change it
    /// records commit or roll back together.
    static func record(_ db: Database, actor: AuditActor, action: String, subject: String,
                       details: [String: AuditValue] = [:], at now: EpochSeconds) throws {
        try AuditEvent(id: nil, at: now, actor: actor, action: action, subject: subject, details: AuditValue.object(details).json)
            .insert(db)
    }
}

/// The JSON values audit details are made of.
public enum AuditValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case strings([String])
    case object([String: AuditValue])

    var jsonObject: Any {
        switch self {
        case let .string(value): value
        case let .int(value): value
        case let .bool(value): value
        case let .strings(values): values
        case let .object(fields): fields.mapValues(\.jsonObject)
        }
    }

    public var json: String {
        let data = (try? JSONSerialization.data(withJSONObject: jsonObject, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
