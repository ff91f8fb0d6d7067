import GRDB
import OAuth2Core

extension SQLiteStore {
    /// Keys, newest first, as stored: a sealed store's private keys stay sealed.
    public func listKeys() throws -> [SigningKeyRecord] {
        try read { try SigningKeyRecord.order(Column("created_at").desc, Column("kid")).fetchAll($0) }
    }

    /// The active key, its private key opened.
    public func activeKey() throws -> SigningKeyRecord? {
        try read { db in
            try SigningKeyRecord.filter(Column("state") == SigningKeyState.active).fetchOne(db)
                .map { try $0.opened(with: try sealingKey(db), of: path) }
        }
    }

    /// Keys whose public halves belong in the JWKS, their private keys opened: the active one
    /// and the retiring ones.
    public func publishedKeys() throws -> [SigningKeyRecord] {
        try read { db in
            let sealingKey = try sealingKey(db)
            return try SigningKeyRecord.filter([SigningKeyState.active, .retiring].contains(Column("state")))
                .order(Column("created_at").desc).fetchAll(db).map { try $0.opened(with: sealingKey, of: path) }
        }
    }

    /// Makes `key` the active key; the previous active key starts retiring.
    /// With `onlyIfNone`, does nothing when an active key already exists (first use, raced
    /// by several processes) and returns the existing one.
    @discardableResult
    public func activate(_ key: SigningKeyRecord, onlyIfNone: Bool, actor: AuditActor) throws -> SigningKeyRecord {
        try write { db in
            let now = clock.now()
            let sealingKey = try sealingKey(db)
            if var current = try SigningKeyRecord.filter(Column("state") == SigningKeyState.active).fetchOne(db) {
                if onlyIfNone { return try current.opened(with: sealingKey, of: path) }
                current.state = .retiring
                current.retiringAt = now
                try current.update(db)
            }
            var key = key
            key.state = .active
            try key.sealed(with: sealingKey).insert(db)
            try AuditEvent.record(db, actor: actor, action: "key.rotate", subject: key.kid, details: ["alg": .string(key.alg)],
                                  at: now)
            return key
        }
    }

    /// Retires retiring keys once no unexpired token they signed remains; returns their kids.
    @discardableResult
    public func retireDrainedKeys() throws -> [String] {
        try write { db in
            let now = clock.now()
            let drained = try String.fetchAll(db, sql: """
                SELECT kid FROM signing_key k WHERE state = 'retiring' AND NOT EXISTS (
                    SELECT 1 FROM token t WHERE t.key_id = k.kid AND t.expires_at > ?)
                """, arguments: [now])
            for kid in drained {
                try db.execute(sql: "UPDATE signing_key SET state = 'retired', retired_at = ? WHERE kid = ?", arguments: [now, kid])
                try AuditEvent.record(db, actor: .server, action: "key.retire", subject: kid, at: now)
            }
            return drained
        }
    }
}
