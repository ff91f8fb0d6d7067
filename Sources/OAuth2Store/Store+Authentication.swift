import Foundation
import GRDB
import OAuth2Core

extension Store {
    /// The client as the token endpoint sees it, read fresh so that changes by any process
    /// (disable, rotation, an ended secret) apply to the very next request. Nil if unknown.
    /// This runs on every token, introspection and revocation request, so it is one cached
    /// statement outside an explicit transaction (a single statement reads one consistent
    /// snapshot by itself).
    public func registeredClient(id: String) throws -> RegisteredClient? {
        try pool.unsafeRead { db in
            let statement = try db.cachedStatement(sql: """
                SELECT status, token_ttl, token_format, can_introspect,
                    (SELECT group_concat(scope_name, ' ') FROM client_scope WHERE client_id = c.id) AS scopes,
                    (SELECT group_concat(audience, ' ') FROM client_audience WHERE client_id = c.id) AS audiences,
                    (SELECT group_concat(hex(salt) || ':' || hex(hash), ' ') FROM client_secret
                     WHERE client_id = c.id AND ended_at IS NULL AND (expires_at IS NULL OR expires_at > ?)) AS secrets
                FROM client c WHERE id = ?
                """)
            guard let row = try Row.fetchOne(statement, arguments: [Clock.now(), id]) else { return nil }
            return RegisteredClient(
                id: id, status: row["status"],
                allowedScopes: Self.words(row["scopes"]), allowedAudiences: Self.words(row["audiences"]),
                tokenTtl: row["token_ttl"], tokenFormat: row["token_format"], canIntrospect: row["can_introspect"],
                secretHashes: Self.words(row["secrets"]).compactMap(Self.secretHash))
        }
    }

    private static func words(_ text: String?) -> Set<String> {
        Set((text ?? "").split(separator: " ").map(String.init))
    }

    /// `HEX(salt):HEX(hash)` as the query above renders a secret.
    private static func secretHash(_ text: String) -> SecretHash? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let salt = bytes(hex: parts[0]), let digest = bytes(hex: parts[1]) else { return nil }
        return SecretHash(salt: salt, digest: digest)
    }

    /// Decodes SQLite's `hex()` output byte by byte, without string slicing.
    private static func bytes(hex: Substring) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = HexDigit.value(digits[index]), let low = HexDigit.value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    /// Every registered scope name (for discovery metadata).
    public func scopeNames() throws -> [String] {
        try read { try String.fetchAll($0, sql: "SELECT name FROM scope ORDER BY name") }
    }
}
