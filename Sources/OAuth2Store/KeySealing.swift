/// Sealing private signing keys at rest, as both stores do it. A sealed store keeps a
/// verifier (its `key_sealing` row): a fixed text sealed with the key-encryption key, which
/// tells the right key from a wrong one before any signing key is touched. Then every
/// private key in the store is sealed with that key, for its own kid.
extension KeyEncryptionKey {
    private static let verifierText = "oauth2 signing keys"
    private static let verifierContext = "key_sealing"

    /// The verifier a store sealed with this key keeps.
    public func makeVerifier() throws -> String {
        try seal(Self.verifierText, context: Self.verifierContext)
    }

    /// Throws unless this key made `verifier`; `location` names the store in the message.
    public func requireOpens(verifier: String, of location: String) throws {
        guard open(verifier, context: Self.verifierContext) == Self.verifierText else {
            throw StoreError.wrongKeyEncryptionKey(path: location, keyFile: path)
        }
    }
}

extension SigningKeyRecord {
    /// This key with its private key as plaintext, opened with `sealingKey` (as it is when
    /// nil: a store not sealed); `location` names the store in the message.
    public func opened(with sealingKey: KeyEncryptionKey?, of location: String) throws -> SigningKeyRecord {
        guard let sealingKey else { return self }
        guard let plaintext = sealingKey.open(privateKey, context: kid) else {
            throw StoreError.wrongKeyEncryptionKey(path: location, keyFile: sealingKey.path)
        }
        var opened = self
        opened.privateKey = plaintext
        return opened
    }

    /// This key as a store keeps it: its private key sealed with `sealingKey` (as it is when nil).
    public func sealed(with sealingKey: KeyEncryptionKey?) throws -> SigningKeyRecord {
        guard let sealingKey else { return self }
        var sealed = self
        sealed.privateKey = try sealingKey.seal(privateKey, context: kid)
        return sealed
    }
}
