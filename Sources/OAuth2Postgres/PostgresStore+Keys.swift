import OAuth2Core
import OAuth2Store
import PostgresNIO

/// The signing keys, sealed at rest when the store is (a `key_sealing` row, see
/// `KeySealing.swift`): then no private key is read or added without the key-encryption key
/// that sealed them.
extension PostgresStore: KeyStore {
    /// Keys, newest first, as stored.
    public func listKeys() throws -> [SigningKeyRecord] {
        try rows("SELECT \(unescaped: Self.keyColumns) FROM signing_key ORDER BY created_at DESC, kid COLLATE \"C\"").map(Self.key)
    }

    /// The active key, its private key opened.
    public func activeKey() throws -> SigningKeyRecord? {
        try read { session in
            let sealingKey = try sealingKey(session)
            return try Self.activeKey(session).map { try $0.opened(with: sealingKey, of: location) }
        }
    }

    /// The active key and the retiring ones: those a JWKS lists, their private keys opened.
    public func publishedKeys() throws -> [SigningKeyRecord] {
        try read { session in
            let sealingKey = try sealingKey(session)
            return try session.query("""
                SELECT \(unescaped: Self.keyColumns) FROM signing_key WHERE state IN ('active', 'retiring') ORDER BY created_at DESC
                """).map { try Self.key($0).opened(with: sealingKey, of: location) }
        }
    }

    /// Makes `key` the active key, the previous one retiring; with `onlyIfNone`, only if
    /// there is none (then returns the one there is). Servers starting together race here:
    /// each sees no active key and inserts its own, and the unique index
    /// `one_active_signing_key` lets one commit. The others catch that conflict and look
    /// again, finding the winner, which they return. Rotations take turns
    /// (`keyRotationLock`), so admins rotating at once all succeed, one after the other; one
    /// that lost to a first activation (which takes no turn, to keep a server's start cheap)
    /// looks again too, and retires the winner.
    @discardableResult
    public func activate(_ key: SigningKeyRecord, onlyIfNone: Bool, actor: AuditActor) throws -> SigningKeyRecord {
        do {
            return try activateOnce(key, onlyIfNone: onlyIfNone, actor: actor)
        } catch PostgresStoreError.constraint {
            // Another server's key won; looking again finds it (and returns or retires it).
            return try activateOnce(key, onlyIfNone: onlyIfNone, actor: actor)
        }
    }

    private func activateOnce(_ key: SigningKeyRecord, onlyIfNone: Bool, actor: AuditActor) throws -> SigningKeyRecord {
        try write { session in
            // Held until commit: the next rotation's look for the active key sees this one's.
            if !onlyIfNone { try session.query("SELECT pg_advisory_xact_lock(\(Self.keyRotationLock))") }
            let sealingKey = try sealingKey(session)
            let now = clock.now()
            if let current = try Self.activeKey(session, forUpdate: true) {
                if onlyIfNone { return try current.opened(with: sealingKey, of: location) }
                try session.query("UPDATE signing_key SET state = 'retiring', retiring_at = \(now) WHERE kid = \(current.kid)")
            }
            var key = key
            key.state = .active
            let stored = try key.sealed(with: sealingKey)
            try session.query("""
                INSERT INTO signing_key (kid, alg, private_key, state, created_at, retiring_at, retired_at)
                VALUES (\(key.kid), \(key.alg), \(stored.privateKey), \(key.state.rawValue), \(key.createdAt), \(key.retiringAt), \(key.retiredAt))
                """)
            try Self.audit(session, actor: actor, action: "key.rotate", subject: key.kid, details: ["alg": .string(key.alg)],
                           at: now)
            return key
        }
    }

    /// Retires retiring keys once no unexpired token they signed remains; returns their kids.
    @discardableResult
    public func retireDrainedKeys() throws -> [String] {
        try write { session in
            let now = clock.now()
            let drained = try session.query("""
                UPDATE signing_key k SET state = 'retired', retired_at = \(now)
                WHERE state = 'retiring' AND NOT EXISTS (SELECT 1 FROM token t WHERE t.key_id = k.kid AND t.expires_at > \(now))
                RETURNING kid
                """).map { try $0.decode(String.self) }.sorted()
            for kid in drained { try Self.audit(session, actor: .server, action: "key.retire", subject: kid, at: now) }
            return drained
        }
    }

    private static func activeKey(_ session: PostgresSession, forUpdate: Bool = false) throws -> SigningKeyRecord? {
        try session.query("""
            SELECT \(unescaped: keyColumns) FROM signing_key WHERE state = 'active' \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(key)
    }

    /// Seals every signing key with `newKey` in one transaction, opening them with this
    /// store's key-encryption key if they are sealed already; returns how many it sealed.
    /// This store keeps using its old key: open the store again to use the new one.
    /// PostgreSQL keeps the rows' old versions until `VACUUM` reclaims them, and its WAL and
    /// backups keep them longer: seal a store before its keys reach PostgreSQL (`store copy`
    /// carries sealed keys as they are).
    @discardableResult
    public func resealKeys(with newKey: KeyEncryptionKey, actor: AuditActor) throws -> Int {
        try write { session in
            try session.query("SELECT pg_advisory_xact_lock(\(Self.keyRotationLock))")
            let count = try rewriteKeys(session, from: try sealingKey(session), to: newKey)
            try Self.audit(session, actor: actor, action: "key.reseal", subject: "signing keys", details: ["keys": .int(count)],
                           at: clock.now())
            return count
        }
    }

    /// Checks the key-encryption key the store was opened with: a sealed store must open
    /// with it; the keys of a store not sealed yet are sealed with it now.
    func adopt(_ keyEncryption: KeyEncryptionKey, actor: AuditActor) throws {
        try write { session in
            // Two processes sealing at once take turns; the second finds the first's verifier.
            try session.query("SELECT pg_advisory_xact_lock(\(Self.keyRotationLock))")
            if let verifier = try session.query("SELECT verifier FROM key_sealing").first {
                return try keyEncryption.requireOpens(verifier: try verifier.decode(String.self), of: location)
            }
            let count = try rewriteKeys(session, from: nil, to: keyEncryption)
            try Self.audit(session, actor: actor, action: "key.seal", subject: "signing keys", details: ["keys": .int(count)],
                           at: clock.now())
        }
    }

    /// The advisory lock rotations and sealing take turns on: a constant no other code of this database uses.
    private static let keyRotationLock: Int64 = 0x6F61_7574_6832_6B72  // "oauth2kr"

    /// The key that seals this store's signing keys, or nil when they are plaintext.
    private func sealingKey(_ session: PostgresSession) throws -> KeyEncryptionKey? {
        guard try !session.query("SELECT 1 FROM key_sealing").isEmpty else { return nil }
        guard let keyEncryption else { throw StoreError.sealedKeys(path: location) }
        return keyEncryption
    }

    private func rewriteKeys(_ session: PostgresSession, from current: KeyEncryptionKey?, to newKey: KeyEncryptionKey) throws -> Int {
        let keys = try session.query("SELECT \(unescaped: Self.keyColumns) FROM signing_key FOR UPDATE").map(Self.key)
        for key in keys {
            let resealed = try key.opened(with: current, of: location).sealed(with: newKey)
            try session.query("UPDATE signing_key SET private_key = \(resealed.privateKey) WHERE kid = \(key.kid)")
        }
        try session.query("""
            INSERT INTO key_sealing (id, verifier, sealed_at) VALUES (1, \(try newKey.makeVerifier()), \(clock.now()))
            ON CONFLICT (id) DO UPDATE SET verifier = excluded.verifier, sealed_at = excluded.sealed_at
            """)
        return keys.count
    }
}
