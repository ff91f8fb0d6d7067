import OAuth2Core
import OAuth2Store
import PostgresNIO

extension PostgresStore {
    public func addScope(name: String, description: String, actor: AuditActor) throws -> ScopeRecord {
        try ScopeRecord.validateName(name)
        return try changeClients { session in
            guard try session.query("SELECT 1 FROM scope WHERE name = \(name)").isEmpty else {
                throw StoreError.scopeExists(name)
            }
            let scope = ScopeRecord(name: name, description: description, createdAt: clock.now())
            try session.query("INSERT INTO scope (name, description, created_at) VALUES (\(name), \(description), \(scope.createdAt))")
            try Self.audit(session, actor: actor, action: "scope.add", subject: name, details: ["description": .string(description)],
                           at: clock.now())
            return scope
        }
    }

    public func listScopes() throws -> [ScopeSummary] {
        try rows("""
            SELECT s.name, s.description, s.created_at, (SELECT count(*) FROM client_scope cs WHERE cs.scope_name = s.name)
            FROM scope s ORDER BY s.name COLLATE "C"
            """).map { row in
            let (name, description, createdAt, clientCount) = try row.decode((String, String, Int64, Int).self)
            return ScopeSummary(name: name, description: description, createdAt: createdAt, clientCount: clientCount)
        }
    }

    /// Deletes a scope; while clients are allowed it, only with `force`, which also removes
    /// it from their allow-lists (the foreign key cascades).
    public func deleteScope(name: String, force: Bool, actor: AuditActor) throws {
        try changeClients { session in
            guard try !session.query("SELECT 1 FROM scope WHERE name = \(name)").isEmpty else {
                throw StoreError.noScope(name)
            }
            let users = try session.query("""
                SELECT c.name FROM client_scope cs JOIN client c ON c.id = cs.client_id
                WHERE cs.scope_name = \(name) ORDER BY c.name COLLATE "C"
                """).map { try $0.decode(String.self) }
            if !users.isEmpty && !force { throw StoreError.scopeInUse(name, by: users) }
            try session.query("DELETE FROM scope WHERE name = \(name)")
            try Self.audit(session, actor: actor, action: "scope.delete", subject: name, details: ["removed_from_clients": .strings(users)],
                           at: clock.now())
        }
    }

    public func scopeNames() throws -> [String] {
        try rows("SELECT name FROM scope ORDER BY name COLLATE \"C\"").map { try $0.decode(String.self) }
    }

    /// Throws unless every name is a registered scope.
    static func requireRegistered(_ scopes: [String], _ session: PostgresSession) throws {
        let known = Set(try session.query("SELECT name FROM scope WHERE name = ANY(\(Array(Set(scopes))))")
            .map { try $0.decode(String.self) })
        let unknown = scopes.filter { !known.contains($0) }
        if !unknown.isEmpty { throw StoreError.unknownScopes(unknown) }
    }
}
