import GRDB
import OAuth2Core

/// A scope with how many clients are allowed it.
public struct ScopeSummary: Sendable, Equatable, Codable {
    public var name: String
    public var description: String
    public var createdAt: EpochSeconds
    public var clientCount: Int

    public init(name: String, description: String, createdAt: EpochSeconds, clientCount: Int) {
        self.name = name
        self.description = description
        self.createdAt = createdAt
        self.clientCount = clientCount
    }
}

extension SQLiteStore {
    public func addScope(name: String, description: String, actor: AuditActor) throws -> ScopeRecord {
        try ScopeRecord.validateName(name)
        return try write { db in
            guard try ScopeRecord.fetchOne(db, key: name) == nil else {
                throw StoreError.scopeExists(name)
            }
            let scope = ScopeRecord(name: name, description: description, createdAt: clock.now())
            try scope.insert(db)
            try AuditEvent.record(db, actor: actor, action: "scope.add", subject: name,
                                  details: ["description": .string(description)], at: clock.now())
            return scope
        }
    }

    public func listScopes() throws -> [ScopeSummary] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.name, s.description, s.created_at,
                       (SELECT COUNT(*) FROM client_scope cs WHERE cs.scope_name = s.name) AS client_count
                FROM scope s ORDER BY s.name
                """).map { row in
                ScopeSummary(name: row["name"], description: row["description"],
                             createdAt: row["created_at"], clientCount: row["client_count"])
            }
        }
    }

    /// Deletes a scope. While clients are allowed it, refuses unless `force`, which also
    /// removes it from those clients' allow-lists.
    public func deleteScope(name: String, force: Bool, actor: AuditActor) throws {
        try write { db in
            guard try ScopeRecord.fetchOne(db, key: name) != nil else {
                throw StoreError.noScope(name)
            }
            let users = try String.fetchAll(db, sql: """
                SELECT c.name FROM client_scope cs JOIN client c ON c.id = cs.client_id
                WHERE cs.scope_name = ? ORDER BY c.name
                """, arguments: [name])
            if !users.isEmpty && !force {
                throw StoreError.scopeInUse(name, by: users)
            }
            _ = try ScopeRecord.deleteOne(db, key: name)
            try AuditEvent.record(db, actor: actor, action: "scope.delete", subject: name,
                                  details: ["removed_from_clients": .strings(users)], at: clock.now())
        }
    }

    /// Throws unless every name is a registered scope.
    static func requireRegistered(_ scopes: [String], _ db: Database) throws {
        let known = try Set(String.fetchAll(db, sql: "SELECT name FROM scope"))
        let unknown = scopes.filter { !known.contains($0) }
        if !unknown.isEmpty {
            throw StoreError.unknownScopes(unknown)
        }
    }
}
