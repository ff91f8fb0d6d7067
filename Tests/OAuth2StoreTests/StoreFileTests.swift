import Foundation
import GRDB
import Testing
@testable import OAuth2Store

@Suite struct StoreFileTests {
    @Test func migratesAnEmptyFileToTheFullSchema() throws {
        let temporary = try TemporaryStore()
        let tables = try temporary.store.pool.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") }
        for table in ["audit_event", "client", "client_audience", "client_scope", "client_secret", "scope", "signing_key", "token"] {
            #expect(tables.contains(table))
        }
        let journal = try temporary.store.pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }

    @Test func filesAreCreatedPrivate() throws {
        let temporary = try TemporaryStore()
        _ = try temporary.store.addScope(name: "read", actor: .cli)
        for suffix in ["", "-wal", "-shm"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: temporary.path + suffix)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "mode of \(suffix)")
        }
    }

    /// An empty file from `touch` (0644), or companions left by an earlier run, kept their
    /// mode: a world-readable store of secret hashes and signing keys.
    @Test func filesThatAlreadyExistAreMadePrivate() throws {
        let temporary = try TemporaryStore()
        let path = temporary.directory.appendingPathComponent("touched.sqlite").path
        for suffix in ["", "-wal"] {
            #expect(FileManager.default.createFile(atPath: path + suffix, contents: nil, attributes: [.posixPermissions: 0o644]))
        }
        let store = try SQLiteStore(path: path)
        _ = try store.addScope(name: "read", actor: .cli)
        for suffix in ["", "-wal", "-shm"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: path + suffix)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "mode of \(suffix)")
        }
    }

    /// An immutable file (`chattr +i`, which even root cannot chmod) stands for any store
    /// whose mode cannot be changed by us.
    @Test func refusesAFileOthersMayReadThatCannotBeMadePrivate() throws {
        let temporary = try TemporaryStore()
        let path = temporary.directory.appendingPathComponent("shared.sqlite").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]))
        try chattr("+i", path)
        defer { try? chattr("-i", path) }
        let error = #expect(throws: StoreError.self) { try SQLiteStore(path: path) }
        #expect(error?.description.contains("\(path): others may read it (mode 644) and it cannot be made private") == true)
    }

    private func chattr(_ flag: String, _ path: String) throws {
        let process = try Process.run(URL(fileURLWithPath: "/usr/bin/chattr"), arguments: [flag, path])
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "chattr \(flag) needs root on a filesystem with attributes")
    }

    @Test func refusesAFileThatIsNotSQLiteAndLeavesItUntouched() throws {
        let temporary = try TemporaryStore()
        let path = temporary.directory.appendingPathComponent("notes.txt").path
        let content = Data("these are not the droids you are looking for\n".utf8)
        try content.write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notSQLite(path: path)) { try SQLiteStore(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == content)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func refusesASchemaNewerThanTheBinary() throws {
        let temporary = try TemporaryStore()
        try temporary.store.pool.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99 from the future')") }
        #expect(throws: StoreError.schemaTooNew(path: temporary.path)) { try temporary.reopen() }
    }

    @Test func migratesAVersion1StoreKeepingItsTokens() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("oauth2-v1-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("oauth2.sqlite").path
        let token = TokenFixtures.token(clientId: "a")
        do {
            let version1 = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(version1, upTo: "v1 initial schema")
            try version1.write { db in
                try db.execute(sql: """
                    INSERT INTO token (jti, client_id, scope, audience, format, issued_at, expires_at, key_id, token_hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [token.jti, token.clientId, token.scope, token.audience, token.format,
                                     token.issuedAt, token.expiresAt, token.keyId, Data([7])])
            }
        }
        let store = try SQLiteStore(path: path)
        var migrated = token
        migrated.tokenHash = Data([7])
        #expect(try store.token(jti: token.jti) == migrated)
        let withoutRowID = try store.pool.read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE name = 'token'")?.contains("WITHOUT ROWID")
        }
        #expect(withoutRowID == true)
        #expect(try SQLiteRequestReader(store: store).clientGeneration() == 0)
    }

    @Test func reportsAnUnwritablePath() {
        #expect(throws: StoreError.self) { try SQLiteStore(path: "/nonexistent-dir/oauth2.sqlite") }
    }

    @Test func twoConnectionsWritingAtOnceBothSucceed() async throws {
        let temporary = try TemporaryStore()
        let other = try temporary.reopen()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, store) in [temporary.store, other].enumerated() {
                group.addTask {
                    for n in 0..<50 { _ = try store.addScope(name: "s\(index)-\(n)", actor: .cli) }
                }
            }
            try await group.waitForAll()
        }
        #expect(try temporary.store.listScopes().count == 100)
    }
}
