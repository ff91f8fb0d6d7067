import Foundation
import GRDB
import Testing
@testable import OAuth2Store

@Suite struct KeySealingTests {
    let temporary: TemporaryStore
    let kek = KeyEncryptionKey(secret: Array(repeating: 7, count: 32), path: "kek")

    init() throws { temporary = try TemporaryStore() }

    func key(_ kid: String, _ privateKey: String) -> SigningKeyRecord {
        SigningKeyRecord(kid: kid, alg: "ES256", privateKey: privateKey, state: .active, createdAt: 1)
    }

    @Test func aSealedValueOpensOnlyForItsKidAndItsKey() throws {
        let sealed = try kek.seal("secret pem", context: "kid-a")
        #expect(KeyEncryptionKey.isSealed(sealed) && !sealed.contains("secret pem"))
        #expect(kek.open(sealed, context: "kid-a") == "secret pem")
        #expect(kek.open(sealed, context: "kid-b") == nil)
        #expect(KeyEncryptionKey(secret: Array(repeating: 8, count: 32), path: "other").open(sealed, context: "kid-a") == nil)
    }

    @Test func keysAddedToASealedStoreAreSealedAndOpenOnlyWithItsKey() throws {
        let sealedStore = try SQLiteStore(path: temporary.path, keyEncryption: kek)
        try sealedStore.activate(key("kid-a", "the pem"), actor: .cli)
        let stored = try temporary.store.listKeys()
        #expect(stored.count == 1 && KeyEncryptionKey.isSealed(stored[0].privateKey))
        #expect(try sealedStore.activeKey()?.privateKey == "the pem")
        #expect(try sealedStore.publishedKeys().map(\.privateKey) == ["the pem"])
        #expect(throws: StoreError.sealedKeys(path: temporary.path)) { try temporary.store.activeKey() }
        #expect(throws: StoreError.sealedKeys(path: temporary.path)) { try temporary.store.activate(key("kid-b", "x"), actor: .cli) }
        let other = KeyEncryptionKey(secret: Array(repeating: 9, count: 32), path: "other")
        #expect(throws: StoreError.wrongKeyEncryptionKey(path: temporary.path, keyFile: "other")) {
            try SQLiteStore(path: temporary.path, keyEncryption: other)
        }
    }

    @Test func openingAPlainStoreWithAKeySealsItsKeys() throws {
        try temporary.store.activate(key("kid-a", "the pem"), actor: .cli)
        let sealedStore = try SQLiteStore(path: temporary.path, keyEncryption: kek)
        #expect(try sealedStore.activeKey()?.privateKey == "the pem")
        #expect(try KeyEncryptionKey.isSealed(#require(temporary.store.listKeys().first).privateKey))
        #expect(try temporary.auditActions().last == "key.seal")
    }

    @Test func aKeyFileShorterThan32BytesIsRefused() throws {
        let path = temporary.directory.appendingPathComponent("short").path
        try Data("0123456789abcdef0123456789abcde\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.self) { try KeyEncryptionKey(contentsOf: path) }
        #expect(throws: StoreError.self) { try KeyEncryptionKey(contentsOf: path + "-missing") }
    }
}
