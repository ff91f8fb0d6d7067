import Foundation
import GRDB
import NIOCore
import OAuth2Core
import OAuth2Postgres
import OAuth2Store
import PostgresTestSupport
import Testing
import TestSupport

/// Its tests hash secrets and wait on the database synchronously, on threads of their own:
/// on the test runner's pool (two threads on two cores) they would hold up every async test.
@Suite(.timeLimit(.minutes(3))) struct StoreCopyTests {
    /// A SQLite store made through the store's own API, with something in every copied table.
    final class SourceStore: Sendable {
        let directory: URL
        let store: SQLiteStore
        let liveJTIs: Set<String>

        /// `sealed`: the signing keys sealed with a key-encryption key.
        init(sealed: Bool = false) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("oauth2-copy-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let keyFile = directory.appendingPathComponent("kek").path
            try Data((0..<32).map { _ in UInt8.random(in: 0...255) }).write(to: URL(fileURLWithPath: keyFile))
            store = try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path,
                              keyEncryption: sealed ? try KeyEncryptionKey(contentsOf: keyFile) : nil)
            let now = Clock.system.now()
            _ = try store.addScope(name: "orders:read", description: "read orders", actor: .cli)
            _ = try store.addScope(name: "orders:write", actor: .cli)
            let shop = try store.registerClient(ClientSpec(name: "shop", scopes: ["orders:read", "orders:write"],
                                                           audiences: ["https://api.example"]), actor: .cli)
            _ = try store.rotateSecret(clientId: shop.client.id, grace: 3600, actor: .cli)
            let audit = try store.registerClient(ClientSpec(name: "audit", scopes: ["orders:read"], canIntrospect: true), actor: .cli)
            let first = try store.activate(try SigningKeyRecord.generate(.es256), actor: .cli)
            _ = try store.activate(try SigningKeyRecord.generate(.es256), actor: .cli)
            let live = [shop.client.id, audit.client.id].map {
                TokenRecord(jti: TokenRecord.makeJTI(), clientId: $0, scope: "orders:read", audience: "https://api.example",
                            format: .jwt, issuedAt: now, expiresAt: now + 3600, keyId: first.kid, tokenHash: Data(repeating: 7, count: 32))
            }
            let expired = TokenRecord(jti: TokenRecord.makeJTI(), clientId: shop.client.id, scope: "orders:read",
                                      audience: "https://api.example", format: .opaque, issuedAt: now - 7200, expiresAt: now - 3600)
            try TokenInserter(store: store).insert(live + [expired])
            _ = try store.revokeToken(jti: live[1].jti, reason: "test", actor: .cli)
            liveJTIs = Set(live.map(\.jti))
        }

        deinit { try? FileManager.default.removeItem(at: directory) }

        func values<Value: DatabaseValueConvertible>(_ sql: String, as type: Value.Type) throws -> [Value] {
            try DatabaseQueue(path: store.path).read { try Value.fetchAll($0, sql: sql) }
        }
    }

    /// Keys are copied as stored: sealed ones stay sealed, with the row that tells the
    /// key-encryption key that opens them.
    @Test(arguments: [false, true])
    func copiesEveryTableRowForRowLeavingExpiredTokensBehind(sealed: Bool) async throws {
        let source = try await onThreadOfItsOwn { Result { try SourceStore(sealed: sealed) } }.get()
        try await TestPostgres.withFreshDatabase { url in
            let copied = try await onThreadOfItsOwn {
                Result { try PostgresDatabase.open(url) { try StoreCopy.copy(try source.store.rowsToCopy(), into: $0) } }
            }.get()

            for table in CopiedTable.all.map(\.name) where table != "token" {
                let expected = try source.values("SELECT count(*) FROM \(table)", as: Int.self)
                #expect(try await TestPostgres.values("SELECT count(*) FROM \(table)", as: Int.self, in: url) == expected, "\(table)")
                #expect(copied.first { $0.table == table }?.rows == expected[0], "\(table)")
            }
            #expect(Set(try await TestPostgres.values("SELECT jti FROM token", as: String.self, in: url)) == source.liveJTIs)
            #expect(try await TestPostgres.values("SELECT count(*) FROM client_secret", as: Int.self, in: url) == [3])

            let sqliteSecrets = try await DatabaseQueue(path: source.store.path).read { db in
                try Row.fetchAll(db, sql: "SELECT id, hash, salt FROM client_secret ORDER BY id").map {
                    [String($0["id"] as Int64), ($0["hash"] as Data).base64EncodedString(), ($0["salt"] as Data).base64EncodedString()]
                }
            }
            let postgresSecrets = try await TestPostgres.rows("SELECT id, hash, salt FROM client_secret ORDER BY id", in: url).map {
                let (id, hash, salt) = try $0.decode((Int64, ByteBuffer, ByteBuffer).self)
                return [String(id), Data(buffer: hash).base64EncodedString(), Data(buffer: salt).base64EncodedString()]
            }
            #expect(postgresSecrets == sqliteSecrets)
            #expect(try await TestPostgres.values("SELECT name FROM client WHERE can_introspect", as: String.self, in: url) == ["audit"])
            let keys = try await TestPostgres.values("SELECT private_key FROM signing_key ORDER BY kid", as: String.self, in: url)
            #expect(keys == (try source.values("SELECT private_key FROM signing_key ORDER BY kid", as: String.self)))
            #expect(keys.count == 2 && keys.allSatisfy { $0.hasPrefix("sealed-v1:") } == sealed)
            #expect(try await TestPostgres.values("SELECT verifier FROM key_sealing", as: String.self, in: url)
                == (try source.values("SELECT verifier FROM key_sealing", as: String.self)))
            #expect(try await TestPostgres.values("SELECT audience FROM client_audience", as: String.self, in: url) == ["https://api.example"])

            // New audit rows and revocations continue after the copied ids: the feed's cursor never goes back.
            let lastAudit = try source.values("SELECT max(id) FROM audit_event", as: Int64.self)[0]
            let next = try await TestPostgres.values("""
                INSERT INTO audit_event (at, actor, action, subject, details) VALUES (0, 'cli', 'test', '', '{}') RETURNING id
                """, as: Int64.self, in: url)
            #expect(next == [lastAudit + 1])
        }
    }

    /// A second copy, or a copy over a database someone already uses, would mix two stores:
    /// refused with the reason, and nothing written.
    @Test func refusesATargetThatHoldsRowsAndChangesNothing() async throws {
        let source = try await onThreadOfItsOwn { Result { try SourceStore() } }.get()
        try await TestPostgres.withFreshDatabase { url in
            _ = try await onThreadOfItsOwn { Result { try PostgresDatabase.open(url) { try PostgresMigrator.migrate($0) } } }.get()
            try await TestPostgres.execute("INSERT INTO scope (name, created_at) VALUES ('elsewhere', 0)", on: url)
            let rows = try source.store.rowsToCopy()
            #expect {
                try PostgresDatabase.open(url) { try StoreCopy.copy(rows, into: $0) }
            } throws: { error in
                error as? PostgresStoreError == .targetNotEmpty(database: url.description, holds: "1 scope row")
            }
            for table in CopiedTable.all.map(\.name) {
                #expect(try await TestPostgres.values("SELECT count(*) FROM \(table)", as: Int.self, in: url) == [table == "scope" ? 1 : 0])
            }
        }
    }
}
