import GRDB
import OAuth2Core

/// Private signing keys sealed at rest. Once `key_sealing` holds a verifier, every private
/// key in the store is sealed with the key-encryption key that sealed the verifier, and no
/// key is read or added without it.
extension SQLiteStore {
    private static let verifierText = "oauth2 signing keys"
    private static let verifierContext = "key_sealing"

    /// Checks the store's key-encryption key when the store is opened: a sealed store must
    /// open with it; the keys of a store not sealed yet are sealed with it now.
    func adopt(_ keyEncryption: KeyEncryptionKey, actor: AuditActor) throws {
        if let verifier = try read({ try String.fetchOne($0, sql: "SELECT verifier FROM key_sealing") }) {
            return try requireOpens(verifier, keyEncryption)
        }
        try write { db in
            if let verifier = try String.fetchOne(db, sql: "SELECT verifier FROM key_sealing") {
                return try requireOpens(verifier, keyEncryption)  // sealed meanwhile by another process
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

    /// `key` with its private key as plaintext.
    func opened(_ key: SigningKeyRecord, with sealingKey: KeyEncryptionKey?) throws -> SigningKeyRecord {
        guard let sealingKey else { return key }
        guard let plaintext = sealingKey.open(key.privateKey, context: key.kid) else {
            throw StoreError.wrongKeyEncryptionKey(path: path, keyFile: sealingKey.path)
        }
        var opened = key
        opened.privateKey = plaintext
        return opened
    }

    /// `key` as it is stored: its private key sealed when the store is.
    func sealed(_ key: SigningKeyRecord, with sealingKey: KeyEncryptionKey?) throws -> SigningKeyRecord {
        guard let sealingKey else { return key }
        var sealed = key
        sealed.privateKey = try sealingKey.seal(key.privateKey, context: key.kid)
        return sealed
    }

    private func requireOpens(_ verifier: String, _ keyEncryption: KeyEncryptionKey) throws {
        guard keyEncryption.open(verifier, context: Self.verifierContext) == Self.verifierText else {
            throw StoreError.wrongKeyEncryptionKey(path: path, keyFile: keyEncryption.path)
        }
    }

    /// Rewrites the keys with `secure_delete` on, so the space their old text held is zeroed
    /// rather than left in the file's free space.
    private func rewriteKeys(_ db: Database, from current: KeyEncryptionKey?, to newKey: KeyEncryptionKey) throws -> Int {
        let keys = try SigningKeyRecord.fetchAll(db)
        try db.execute(sql: "PRAGMA secure_delete = ON")
        for key in keys {
            try sealed(try opened(key, with: current), with: newKey).update(db)
        }
        try db.execute(sql: "PRAGMA secure_delete = OFF")
        try db.execute(sql: "INSERT OR REPLACE INTO key_sealing (id, verifier, sealed_at) VALUES (1, ?, ?)",
                       arguments: [try newKey.seal(Self.verifierText, context: Self.verifierContext), clock.now()])
        return keys.count
    }

    /// The WAL still holds the pages as they were before the keys were rewritten: copy the
    /// new ones into the database and empty it. Best effort: a reader of another process can
    /// hold the WAL, which then starts over at a later checkpoint.
    private func dropOldPageImages() {
        _ = try? pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
    }
}
