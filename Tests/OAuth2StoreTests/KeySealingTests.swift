import Foundation
import Testing
@testable import OAuth2Store

/// Private signing keys sealed at rest with a key-encryption key, on both stores.
@Suite struct KeySealingTests {
    let kek = KeyEncryptionKey(secret: Array(repeating: 7, count: 32), path: "kek")
    let otherKEK = KeyEncryptionKey(secret: Array(repeating: 9, count: 32), path: "other")

    func key(_ kid: String, _ privateKey: String) -> SigningKeyRecord {
        SigningKeyRecord(kid: kid, alg: "ES256", privateKey: privateKey, state: .active, createdAt: 1)
    }

    @Test func aSealedValueOpensOnlyForItsKidAndItsKey() throws {
        let sealed = try kek.seal("secret pem", context: "kid-a")
        #expect(KeyEncryptionKey.isSealed(sealed) && !sealed.contains("secret pem"))
        #expect(kek.open(sealed, context: "kid-a") == "secret pem")
        #expect(kek.open(sealed, context: "kid-b") == nil)
        #expect(otherKEK.open(sealed, context: "kid-a") == nil)
    }

    @Test(arguments: Backend.allCases)
    func keysAddedToASealedStoreAreSealedAndOpenOnlyWithItsKey(_ backend: Backend) async throws {
        try await backend.withStore { fixture in
            let sealedStore = try fixture.reopen(keyEncryption: kek)
            try sealedStore.activate(key("kid-a", "the pem"), actor: .cli)
            let stored = try fixture.store.listKeys()
            #expect(stored.count == 1 && KeyEncryptionKey.isSealed(stored[0].privateKey))
            #expect(try sealedStore.activeKey()?.privateKey == "the pem")
            #expect(try sealedStore.publishedKeys().map(\.privateKey) == ["the pem"])
            #expect(throws: StoreError.sealedKeys(path: fixture.location)) { try fixture.store.activeKey() }
            #expect(throws: StoreError.sealedKeys(path: fixture.location)) { try fixture.store.activate(key("kid-b", "x"), actor: .cli) }
            #expect(throws: StoreError.wrongKeyEncryptionKey(path: fixture.location, keyFile: "other")) {
                try fixture.reopen(keyEncryption: otherKEK)
            }
        }
    }

    @Test(arguments: Backend.allCases)
    func openingAPlainStoreWithAKeySealsItsKeys(_ backend: Backend) async throws {
        try await backend.withStore { fixture in
            try fixture.store.activate(key("kid-a", "the pem"), actor: .cli)
            let sealedStore = try fixture.reopen(keyEncryption: kek)
            #expect(try sealedStore.activeKey()?.privateKey == "the pem")
            let stored = try #require(try fixture.store.listKeys().first).privateKey
            #expect(KeyEncryptionKey.isSealed(stored) && !stored.contains("the pem"))
            #expect(try fixture.auditActions().last == "key.seal")
        }
    }

    /// A reseal moves every key to the new key-encryption key at once: the old one no longer
    /// opens the store, the new one opens every key.
    @Test(arguments: Backend.allCases)
    func resealingMovesEveryKeyToTheNewKey(_ backend: Backend) async throws {
        try await backend.withStore { fixture in
            let sealedStore = try fixture.reopen(keyEncryption: kek)
            try sealedStore.activate(key("kid-a", "first pem"), actor: .cli)
            try sealedStore.activate(key("kid-b", "second pem"), actor: .cli)
            #expect(try sealedStore.resealKeys(with: otherKEK, actor: .cli) == 2)
            #expect(throws: StoreError.wrongKeyEncryptionKey(path: fixture.location, keyFile: "kek")) {
                try fixture.reopen(keyEncryption: kek)
            }
            let resealed = try fixture.reopen(keyEncryption: otherKEK)
            #expect(try resealed.publishedKeys().map(\.privateKey).sorted() == ["first pem", "second pem"])
            #expect(try fixture.auditActions().last == "key.reseal")
        }
    }

    @Test func aKeyFileShorterThan32BytesIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("oauth2-kek-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("short").path
        try Data("0123456789abcdef0123456789abcde\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.self) { try KeyEncryptionKey(contentsOf: path) }
        #expect(throws: StoreError.self) { try KeyEncryptionKey(contentsOf: path + "-missing") }
    }
}
