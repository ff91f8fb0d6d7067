import GRDB
import OAuth2Core

/// A newly registered client and its one-time-visible secret.
public struct Registration: Sendable {
    public var client: ClientDetails
    public var secret: ClientSecret

    package init(client: ClientDetails, secret: ClientSecret) {
        self.client = client
        self.secret = secret
    }
}

extension SQLiteStore {
    public func registerClient(_ spec: ClientSpec, actor: AuditActor) throws -> Registration {
        try registerClient(spec, id: ClientID.generate(), secret: ClientSecret.generate(), actor: actor)
    }

    /// With an id and secret known in advance: the fuzz harness's seeds carry them.
    func registerClient(_ spec: ClientSpec, id: String, secret: ClientSecret, actor: AuditActor) throws -> Registration {
        try spec.validate()
        return try write { db in
            try Self.requireUniqueName(spec.name, db)
            try Self.requireRegistered(spec.scopes, db)
            let now = clock.now()
            let client = ClientRecord(id: id, name: spec.name, status: .active,
                                      tokenTtl: spec.tokenTtl, tokenFormat: spec.tokenFormat,
                                      canIntrospect: spec.canIntrospect, createdAt: now, updatedAt: now)
            try client.insert(db)
            try Self.replaceAllowLists(of: client.id, with: spec, db)
            try SecretRecord.make(for: secret, clientId: client.id, at: now).insert(db)
            try AuditEvent.record(db, actor: actor, action: "client.register", subject: client.id,
                                  details: spec.auditDetails.merging(["secret": .string(secret.displayPrefix)]) { $1 }, at: now)
            return Registration(client: try ClientDetails.load(db, client: client, at: now), secret: secret)
        }
    }

    public func listClients() throws -> [ClientDetails] {
        try read { db in
            let now = clock.now()
            return try ClientRecord.order(Column("name")).fetchAll(db).map { try ClientDetails.load(db, client: $0, at: now) }
        }
    }

    public func client(id: String) throws -> ClientDetails {
        try read { try ClientDetails.load($0, id: id, at: clock.now()) }
    }

    public func updateClient(id: String, _ changes: ClientChanges, actor: AuditActor) throws -> ClientDetails {
        guard !changes.isEmpty else { throw StoreError.nothingToUpdate }
        return try write { db in
            let now = clock.now()
            let current = try ClientDetails.load(db, id: id, at: now)
            let spec = changes.applied(to: current.spec)
            try spec.validate()
            if spec.name != current.client.name { try Self.requireUniqueName(spec.name, db) }
            try Self.requireRegistered(spec.scopes, db)
            var client = current.client
            client.name = spec.name
            client.tokenTtl = spec.tokenTtl
            client.tokenFormat = spec.tokenFormat
            client.canIntrospect = spec.canIntrospect
            client.updatedAt = now
            try client.update(db)
            try Self.replaceAllowLists(of: id, with: spec, db)
            try AuditEvent.record(db, actor: actor, action: "client.update", subject: id, details: spec.auditDetails, at: now)
            return try ClientDetails.load(db, id: id, at: now)
        }
    }

    /// Issues a new secret. The newest previous secret keeps working for `grace` seconds
    /// (0 ends it at once); any older one ends now, so at most two secrets are ever live.
    public func rotateSecret(clientId: String, grace: Int, actor: AuditActor) throws -> Registration {
        try DurationRange.secretGrace.require(grace, for: "grace")
        let secret = ClientSecret.generate()
        return try write { db in
            let now = clock.now()
            let client = try ClientRecord.find(db, id: clientId)
            guard client.status == .active else {
                throw StoreError.rotatingDisabled(clientId)
            }
            let live = try SecretRecord.live(clientId: clientId, at: now).fetchAll(db)
            for secret in SecretRecord.rotated(live, grace: grace, at: now) { try secret.update(db) }
            try SecretRecord.make(for: secret, clientId: clientId, at: now).insert(db)
            try AuditEvent.record(db, actor: actor, action: "client.rotate_secret", subject: clientId,
                                  details: ["secret": .string(secret.displayPrefix), "grace": .string(DurationText.format(grace))],
                                  at: now)
            return Registration(client: try ClientDetails.load(db, client: client, at: now), secret: secret)
        }
    }

    /// Ends one live secret at once, picked by its display prefix.
    public func expireSecret(clientId: String, displayPrefix: String, actor: AuditActor) throws -> ClientDetails {
        try write { db in
            let now = clock.now()
            _ = try ClientRecord.find(db, id: clientId)
            let secret = try SecretRecord.ending(prefix: displayPrefix, among: try SecretRecord.live(clientId: clientId, at: now).fetchAll(db),
                                                 clientId: clientId, at: now)
            try secret.update(db)
            try AuditEvent.record(db, actor: actor, action: "client.expire_secret", subject: clientId,
                                  details: ["secret": .string(secret.displayPrefix)], at: now)
            return try ClientDetails.load(db, id: clientId, at: now)
        }
    }

    /// Disables or enables a client; disabling can also revoke its live tokens.
    /// Returns the client and how many tokens were revoked.
    public func setStatus(clientId: String, _ status: ClientStatus, revokeTokens: Bool,
                          actor: AuditActor) throws -> (client: ClientDetails, revoked: Int) {
        try write { db in
            let now = clock.now()
            var client = try ClientRecord.find(db, id: clientId)
            client.status = status
            client.updatedAt = now
            try client.update(db)
            let revoked = revokeTokens ? try Self.revokeLiveTokens(of: clientId, reason: "client disabled", at: now, db) : 0
            // Resource servers that verify locally stop a disabled client's tokens too.
            if status == .disabled && !revokeTokens { try Self.publishClientRevocation(of: clientId, at: now, db) }
            try AuditEvent.record(db, actor: actor, action: status == .active ? "client.enable" : "client.disable",
                                  subject: clientId, details: revokeTokens ? ["revoked_tokens": .int(revoked)] : [:], at: now)
            return (try ClientDetails.load(db, client: client, at: now), revoked)
        }
    }

    /// Deletes a client with its secrets and allow-lists; its live tokens are revoked (their
    /// rows stay until purged). Returns how many tokens were revoked.
    public func deleteClient(id: String, actor: AuditActor) throws -> Int {
        try write { db in
            let now = clock.now()
            let client = try ClientRecord.find(db, id: id)
            let revoked = try Self.revokeLiveTokens(of: id, reason: "client deleted", at: now, db)
            try client.delete(db)
            try AuditEvent.record(db, actor: actor, action: "client.delete", subject: id,
                                  details: ["name": .string(client.name), "revoked_tokens": .int(revoked)], at: now)
            return revoked
        }
    }

    private static func requireUniqueName(_ name: String, _ db: Database) throws {
        if try ClientRecord.filter(Column("name") == name).fetchCount(db) > 0 {
            throw StoreError.clientNameTaken(name)
        }
    }

    private static func replaceAllowLists(of clientId: String, with spec: ClientSpec, _ db: Database) throws {
        try ClientScopeRecord.filter(Column("client_id") == clientId).deleteAll(db)
        try ClientAudienceRecord.filter(Column("client_id") == clientId).deleteAll(db)
        for scope in Set(spec.scopes) { try ClientScopeRecord(clientId: clientId, scopeName: scope).insert(db) }
        for audience in Set(spec.audiences) { try ClientAudienceRecord(clientId: clientId, audience: audience).insert(db) }
    }
}
