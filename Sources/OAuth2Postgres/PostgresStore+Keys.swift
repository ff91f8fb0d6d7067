import OAuth2Core
import OAuth2Store
import PostgresNIO

/// The signing keys. A store whose keys were sealed with a key-encryption key (a
/// `key_sealing` row, as `SQLiteStore` writes and the copy carries over) is refused where a
/// private key would be read or written: this store takes no key-encryption key yet.
extension PostgresStore: KeyStore {
    /// Keys, newest first, as stored.
    public func listKeys() throws -> [SigningKeyRecord] {
        try rows("SELECT \(unescaped: Self.keyColumns) FROM signing_key ORDER BY created_at DESC, kid COLLATE \"C\"").map(Self.key)
    }

    public func activeKey() throws -> SigningKeyRecord? {
        try read { session in
            try requireUnsealed(session)
            return try Self.activeKey(session)
        }
    }

    /// The active key and the retiring ones: those a JWKS lists.
    public func publishedKeys() throws -> [SigningKeyRecord] {
        try read { session in
            try requireUnsealed(session)
            return try session.query("""
                SELECT \(unescaped: Self.keyColumns) FROM signing_key WHERE state IN ('active', 'retiring') ORDER BY created_at DESC
                """).map(Self.key)
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
            try requireUnsealed(session)
            // Held until commit: the next rotation's look for the active key sees this one's.
            if !onlyIfNone { try session.query("SELECT pg_advisory_xact_lock(\(Self.keyRotationLock))") }
            let now = clock.now()
            if let current = try Self.activeKey(session, forUpdate: true) {
                if onlyIfNone { return current }
                try session.query("UPDATE signing_key SET state = 'retiring', retiring_at = \(now) WHERE kid = \(current.kid)")
            }
            var key = key
            key.state = .active
            try session.query("""
                INSERT INTO signing_key (kid, alg, private_key, state, created_at, retiring_at, retired_at)
                VALUES (\(key.kid), \(key.alg), \(key.privateKey), \(key.state.rawValue), \(key.createdAt), \(key.retiringAt), \(key.retiredAt))
                """)
            try Self.audit(session, actor: actor, action: "key.rotate", subject: key.kid, details: ["alg": .string(key.alg)],
                           at: clock.now())
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
            for kid in drained { try Self.audit(session, actor: .server, action: "key.retire", subject: kid, at: clock.now()) }
            return drained
        }
    }

    private static func activeKey(_ session: PostgresSession, forUpdate: Bool = false) throws -> SigningKeyRecord? {
        try session.query("""
            SELECT \(unescaped: keyColumns) FROM signing_key WHERE state = 'active' \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(key)
    }

    /// The advisory lock rotations take turns on: a constant no other code of this database uses.
    private static let keyRotationLock: Int64 = 0x6F61_7574_6832_6B72  // "oauth2kr"

    private func requireUnsealed(_ session: PostgresSession) throws {
        if try !session.query("SELECT 1 FROM key_sealing").isEmpty { throw StoreError.sealedKeysUnsupported(database: url.description) }
    }
}
