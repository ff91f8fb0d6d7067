import OAuth2Core
import OAuth2Store
import PostgresNIO

/// Clients and their secrets, with SQLiteStore's rules (shared: `ClientSpec.validate`,
/// `SecretRecord.rotated`, the `StoreError` messages). Changes take turns
/// (`changeClients`) and lock the client's row, which revoking its tokens locks too.
extension PostgresStore: ClientDirectory {
    public func registerClient(_ spec: ClientSpec, actor: AuditActor) throws -> Registration {
        try spec.validate()
        let id = ClientID.generate()
        let secret = ClientSecret.generate()
        return try changeClients { session in
            try Self.requireUniqueName(spec.name, session)
            try Self.requireRegistered(spec.scopes, session)
            let now = clock.now()
            let client = ClientRecord(id: id, name: spec.name, status: .active, tokenTtl: spec.tokenTtl,
                                      tokenFormat: spec.tokenFormat, canIntrospect: spec.canIntrospect,
                                      createdAt: now, updatedAt: now)
            try session.query("""
                INSERT INTO client (id, name, status, token_ttl, token_format, can_introspect, created_at, updated_at)
                VALUES (\(id), \(spec.name), \(client.status.rawValue), \(spec.tokenTtl), \(spec.tokenFormat.rawValue),
                        \(spec.canIntrospect), \(now), \(now))
                """)
            try Self.replaceAllowLists(of: id, with: spec, session)
            try Self.insert(SecretRecord.make(for: secret, clientId: id, at: now), session)
            try Self.audit(session, actor: actor, action: "client.register", subject: id,
                           details: spec.auditDetails.merging(["secret": .string(secret.displayPrefix)]) { $1 }, at: now)
            return Registration(client: try Self.details(of: [client], at: now, session)[0], secret: secret)
        }
    }

    public func listClients() throws -> [ClientDetails] {
        try read { session in
            let clients = try session.query("SELECT \(unescaped: Self.clientColumns) FROM client ORDER BY name COLLATE \"C\"")
                .map(Self.client)
            return try Self.details(of: clients, at: clock.now(), session)
        }
    }

    public func client(id: String) throws -> ClientDetails {
        try read { session in try Self.details(of: [Self.findClient(id, session)], at: clock.now(), session)[0] }
    }

    public func updateClient(id: String, _ changes: ClientChanges, actor: AuditActor) throws -> ClientDetails {
        guard !changes.isEmpty else { throw StoreError.nothingToUpdate }
        return try changeClients { session in
            let now = clock.now()
            let current = try Self.details(of: [Self.findClient(id, session, forUpdate: true)], at: now, session)[0]
            let spec = changes.applied(to: current.spec)
            try spec.validate()
            if spec.name != current.client.name { try Self.requireUniqueName(spec.name, session) }
            try Self.requireRegistered(spec.scopes, session)
            try session.query("""
                UPDATE client SET name = \(spec.name), token_ttl = \(spec.tokenTtl), token_format = \(spec.tokenFormat.rawValue),
                    can_introspect = \(spec.canIntrospect), updated_at = \(now)
                WHERE id = \(id)
                """)
            try Self.replaceAllowLists(of: id, with: spec, session)
            try Self.audit(session, actor: actor, action: "client.update", subject: id, details: spec.auditDetails, at: now)
            return try Self.details(of: [Self.findClient(id, session)], at: now, session)[0]
        }
    }

    /// Issues a new secret; the previous ones end as `SecretRecord.rotated` says.
    public func rotateSecret(clientId: String, grace: Int, actor: AuditActor) throws -> Registration {
        try DurationRange.secretGrace.require(grace, for: "grace")
        let secret = ClientSecret.generate()
        return try changeClients { session in
            let now = clock.now()
            let client = try Self.findClient(clientId, session, forUpdate: true)
            guard client.status == .active else { throw StoreError.rotatingDisabled(clientId) }
            for previous in SecretRecord.rotated(try Self.liveSecrets(of: clientId, at: now, session), grace: grace, at: now) {
                try Self.saveEnd(of: previous, session)
            }
            try Self.insert(SecretRecord.make(for: secret, clientId: clientId, at: now), session)
            try Self.audit(session, actor: actor, action: "client.rotate_secret", subject: clientId,
                           details: ["secret": .string(secret.displayPrefix), "grace": .string(DurationText.format(grace))],
                           at: now)
            return Registration(client: try Self.details(of: [client], at: now, session)[0], secret: secret)
        }
    }

    /// Ends one live secret at once, picked by its display prefix.
    public func expireSecret(clientId: String, displayPrefix: String, actor: AuditActor) throws -> ClientDetails {
        try changeClients { session in
            let now = clock.now()
            let client = try Self.findClient(clientId, session, forUpdate: true)
            let secret = try SecretRecord.ending(prefix: displayPrefix, among: try Self.liveSecrets(of: clientId, at: now, session),
                                                 clientId: clientId, at: now)
            try Self.saveEnd(of: secret, session)
            try Self.audit(session, actor: actor, action: "client.expire_secret", subject: clientId,
                           details: ["secret": .string(secret.displayPrefix)], at: now)
            return try Self.details(of: [client], at: now, session)[0]
        }
    }

    /// Disables or enables a client; disabling can also revoke its live tokens.
    public func setStatus(clientId: String, _ status: ClientStatus, revokeTokens: Bool,
                          actor: AuditActor) throws -> (client: ClientDetails, revoked: Int) {
        try changeClients { session in
            let now = clock.now()
            var client = try Self.findClient(clientId, session, forUpdate: true)
            client.status = status
            client.updatedAt = now
            try session.query("UPDATE client SET status = \(status.rawValue), updated_at = \(now) WHERE id = \(clientId)")
            let revoked = revokeTokens ? try Self.revokeLiveTokens(of: clientId, reason: "client disabled", at: now, session) : 0
            // Resource servers that verify locally stop a disabled client's tokens too.
            if status == .disabled && !revokeTokens { try Self.publishClientRevocation(of: clientId, at: now, session) }
            try Self.audit(session, actor: actor, action: status == .active ? "client.enable" : "client.disable",
                           subject: clientId, details: revokeTokens ? ["revoked_tokens": .int(revoked)] : [:], at: now)
            return (try Self.details(of: [client], at: now, session)[0], revoked)
        }
    }

    /// Deletes a client with its secrets and allow-lists (the foreign keys cascade); its live
    /// tokens are revoked, their rows kept until purged.
    public func deleteClient(id: String, actor: AuditActor) throws -> Int {
        try changeClients { session in
            let now = clock.now()
            let client = try Self.findClient(id, session, forUpdate: true)
            let revoked = try Self.revokeLiveTokens(of: id, reason: "client deleted", at: now, session)
            try session.query("DELETE FROM client WHERE id = \(id)")
            try Self.audit(session, actor: actor, action: "client.delete", subject: id,
                           details: ["name": .string(client.name), "revoked_tokens": .int(revoked)], at: now)
            return revoked
        }
    }

    static func findClient(_ id: String, _ session: PostgresSession, forUpdate: Bool = false) throws -> ClientRecord {
        let rows = try session.query("""
            SELECT \(unescaped: clientColumns) FROM client WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """)
        guard let row = rows.first else { throw StoreError.noClient(id) }
        return try client(row)
    }

    /// The clients' details, in the order given, from five queries however many clients.
    static func details(of clients: [ClientRecord], at now: EpochSeconds, _ session: PostgresSession) throws -> [ClientDetails] {
        let ids = clients.map(\.id)
        func grouped(_ query: PostgresQuery) throws -> [String: [String]] {
            try Dictionary(grouping: session.query(query).map { try $0.decode((String, String).self) }, by: { $0.0 })
                .mapValues { $0.map { $0.1 } }
        }
        let scopes = try grouped("""
            SELECT client_id, scope_name FROM client_scope WHERE client_id = ANY(\(ids)) ORDER BY scope_name COLLATE "C"
            """)
        let audiences = try grouped("""
            SELECT client_id, audience FROM client_audience WHERE client_id = ANY(\(ids)) ORDER BY audience COLLATE "C"
            """)
        let secrets = Dictionary(grouping: try session.query("""
            SELECT \(unescaped: secretColumns) FROM client_secret
            WHERE client_id = ANY(\(ids)) AND ended_at IS NULL AND (expires_at IS NULL OR expires_at > \(now)) ORDER BY id
            """).map(secret), by: \.clientId)
        let liveTokens = Dictionary(uniqueKeysWithValues: try session.query("""
            SELECT client_id, count(*) FROM token
            WHERE client_id = ANY(\(ids)) AND revoked_at IS NULL AND expires_at > \(now) GROUP BY client_id
            """).map { try $0.decode((String, Int).self) })
        return clients.map { client in
            ClientDetails(client: client, scopes: scopes[client.id] ?? [], audiences: audiences[client.id] ?? [],
                          secrets: secrets[client.id] ?? [], liveTokens: liveTokens[client.id] ?? 0)
        }
    }

    private static func requireUniqueName(_ name: String, _ session: PostgresSession) throws {
        if try !session.query("SELECT 1 FROM client WHERE name = \(name)").isEmpty {
            throw StoreError.clientNameTaken(name)
        }
    }

    private static func replaceAllowLists(of clientId: String, with spec: ClientSpec, _ session: PostgresSession) throws {
        try session.query("DELETE FROM client_scope WHERE client_id = \(clientId)")
        try session.query("DELETE FROM client_audience WHERE client_id = \(clientId)")
        try session.query("""
            INSERT INTO client_scope (client_id, scope_name) SELECT \(clientId), unnest(\(Array(Set(spec.scopes))))
            """)
        try session.query("""
            INSERT INTO client_audience (client_id, audience) SELECT \(clientId), unnest(\(Array(Set(spec.audiences))))
            """)
    }

    private static func liveSecrets(of clientId: String, at now: EpochSeconds, _ session: PostgresSession) throws -> [SecretRecord] {
        try session.query("""
            SELECT \(unescaped: secretColumns) FROM client_secret
            WHERE client_id = \(clientId) AND ended_at IS NULL AND (expires_at IS NULL OR expires_at > \(now)) ORDER BY id
            """).map(secret)
    }

    private static func insert(_ secret: SecretRecord, _ session: PostgresSession) throws {
        try session.query("""
            INSERT INTO client_secret (client_id, hash, salt, display_prefix, created_at, expires_at, ended_at)
            VALUES (\(secret.clientId), \(secret.hash), \(secret.salt), \(secret.displayPrefix), \(secret.createdAt),
                    \(secret.expiresAt), \(secret.endedAt))
            """)
    }

    /// Saves when a secret stops working (the only fields a secret's row ever changes).
    private static func saveEnd(of secret: SecretRecord, _ session: PostgresSession) throws {
        guard let id = secret.id else { return }
        try session.query("UPDATE client_secret SET expires_at = \(secret.expiresAt), ended_at = \(secret.endedAt) WHERE id = \(id)")
    }
}
