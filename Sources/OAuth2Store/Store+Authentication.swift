import Foundation
import GRDB
import OAuth2Core

extension Store {
    /// The client as the token endpoint sees it, read fresh so that changes by any process
    /// (disable, rotation, an ended secret) apply to the very next request. Nil if unknown.
    /// Two cached statements: this runs on every token, introspection and revocation request.
    public func registeredClient(id: String) throws -> RegisteredClient? {
        try pool.read { db in
            let clientStatement = try db.cachedStatement(sql: """
                SELECT status, token_ttl, token_format, can_introspect,
                    (SELECT group_concat(scope_name, ' ') FROM client_scope WHERE client_id = c.id) AS scopes,
                    (SELECT group_concat(audience, ' ') FROM client_audience WHERE client_id = c.id) AS audiences
                FROM client c WHERE id = ?
                """)
            guard let row = try Row.fetchOne(clientStatement, arguments: [id]) else { return nil }
            let secretStatement = try db.cachedStatement(sql: """
                SELECT hash, salt FROM client_secret
                WHERE client_id = ? AND ended_at IS NULL AND (expires_at IS NULL OR expires_at > ?)
                """)
            let secrets = try Row.fetchAll(secretStatement, arguments: [id, Clock.now()]).map { row in
                SecretHash(salt: Array(row["salt"] as Data), digest: Array(row["hash"] as Data))
            }
            return RegisteredClient(
                id: id, status: row["status"],
                allowedScopes: Self.words(row["scopes"]), allowedAudiences: Self.words(row["audiences"]),
                tokenTtl: row["token_ttl"], tokenFormat: row["token_format"], canIntrospect: row["can_introspect"],
                secretHashes: secrets)
        }
    }

    private static func words(_ text: String?) -> Set<String> {
        Set((text ?? "").split(separator: " ").map(String.init))
    }

    /// Every registered scope name (for discovery metadata).
    public func scopeNames() throws -> [String] {
        try read { try String.fetchAll($0, sql: "SELECT name FROM scope ORDER BY name") }
    }
}
