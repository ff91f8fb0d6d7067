import GRDB
import OAuth2Core

/// Private signing keys sealed at rest (see `KeySealing.swift`). Once `key_sealing` holds a
/// verifier, no key is read or added without the key-encryption key that made it.
extension SQLiteStore {
    /// Checks the store's key-encryption key when the store is opened: a sealed store must
    /// open with it; the keys of a store not sealed yet are sealed with it now.
    func adopt(_ keyEncryption: KeyEncryptionKey, actor: AuditActor) throws {
        if let verifier = try read({ try String.fetchOne($0, sql: "SELECT verifier FROM key_sealing") }) {
            return try keyEncryption.requireOpens(verifier: verifier, of: path)
        }
        try write { db in
            if let verifier = try String.fetchOne(db, sql: "SELECT verifier FROM key_sealing") {
                return try keyEncryption.requireOpens(verifier: verifier, of: path)  // sealed meanwhile by another process
            }
            let count = try rewriteKeys(db, from: nil, to: keyEncryption)
            try AuditEvent.record(db, actor: actor, action: "key.seal", subject: "signing keys", details: ["keys": .int(count)],
                                  at: clock.now())
        }
        dropOldPageImages()
    }

    /// Seals every signing key with `newKey` in one transaction, opening them with this
    /// store's key-encryption key if they are sealed already. Returns how many keys it
    /// sealed. This `SQLiteStore` keeps using its old key: open the store again to use the new one.
    @discardableResult
    public func resealKeys(with newKey: KeyEncryptionKey, actor: AuditActor) throws -> Int {
        let count = try write { db in
            let count = try rewriteKeys(db, from: try sealingKey(db), to: newKey)
            try AuditEvent.record(db, actor: actor, action: "key.reseal", subject: "signing keys", details: ["keys": .int(count)],
                                  at: clock.now())
            return count
        }
        dropOldPageImages()
        return count
    }

    /// The key that seals this store's signing keys, or nil when they are plaintext.
    func sealingKey(_ db: Database) throws -> KeyEncryptionKey? {
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM key_sealing)") == true else { return nil }
        guard let keyEncryption else { throw StoreError.sealedKeys(path: path) }
        return keyEncryption
    }

    /// Rewrites the keys with `secure_delete` on, so the space their old text held is zeroed
    /// rather than left in the file's free space.
    private func rewriteKeys(_ db: Database, from current: KeyEncryptionKey?, to newKey: KeyEncryptionKey) throws -> Int {
        let keys = try SigningKeyRecord.fetchAll(db)
        try db.execute(sql: "PRAGMA secure_delete = ON")
        for key in keys {
            try key.opened(with: current, of: path).sealed(with: newKey).update(db)
        }
        try db.execute(sql: "PRAGMA secure_delete = OFF")
        try db.execute(sql: "INSERT OR REPLACE INTO key_sealing (id, verifier, sealed_at) VALUES (1, ?, ?)",
                       arguments: [try newKey.makeVerifier(), clock.now()])
        return keys.count
    }

    /// The WAL still holds the pages as they were before the keys were rewritten: copy the
    /// new ones into the database and empty it. Best effort: a reader of another process can
    /// hold the WAL, which then starts over at a later checkpoint.
    private func dropOldPageImages() {
        _ = try? pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
    }
}
