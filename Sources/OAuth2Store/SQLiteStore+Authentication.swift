import Foundation
import GRDB
import OAuth2Core

extension SQLiteStore {
    /// The client as authentication sees it (nil if unknown), and the client generation
    /// it is current for: one cached statement, so one snapshot, outside an explicit
    /// transaction. The server caches clients until the generation moves (`ClientCache`).
    public func registeredClient(id: String) throws -> (client: RegisteredClient?, clientGeneration: Int64) {
        try pool.unsafeRead { db in
            let statement = try db.cachedStatement(sql: """
                SELECT g.value AS generation, c.status, c.token_ttl, c.token_format, c.can_introspect,
                    (SELECT group_concat(scope_name, ' ') FROM client_scope WHERE client_id = c.id) AS scopes,
                    (SELECT group_concat(audience, ' ') FROM client_audience WHERE client_id = c.id) AS audiences,
                    (SELECT group_concat(hex(salt) || ':' || hex(hash) || ':' || ifnull(expires_at, ''), ' ') FROM client_secret
                     WHERE client_id = c.id AND ended_at IS NULL) AS secrets,
                    (SELECT max(issued_through) FROM revocation_feed
                     WHERE client_id = c.id AND issued_through IS NOT NULL) AS revoked_through
                FROM client_generation g LEFT JOIN client c ON c.id = ?
                """)
            guard let row = try Row.fetchOne(statement, arguments: [id]) else { return (nil, 0) }
            let generation: Int64 = row["generation"]
            guard let status: ClientStatus = row["status"] else { return (nil, generation) }
            let client = RegisteredClient(
                id: id, status: status,
                allowedScopes: StoredClientText.words(row["scopes"]), allowedAudiences: StoredClientText.words(row["audiences"]),
                tokenTtl: row["token_ttl"], tokenFormat: row["token_format"], canIntrospect: row["can_introspect"],
                secrets: StoredClientText.words(row["secrets"]).compactMap(StoredClientText.acceptedSecret),
                tokensRevokedThrough: row["revoked_through"])
            return (client, generation)
        }
    }

    /// Every registered scope name (for discovery metadata).
    public func scopeNames() throws -> [String] {
        try read { try String.fetchAll($0, sql: "SELECT name FROM scope ORDER BY name") }
    }
}
