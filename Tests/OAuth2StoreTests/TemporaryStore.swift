import Foundation
@testable import OAuth2Store

/// A store in its own temporary directory, removed when the test is done with it.
final class TemporaryStore {
    let directory: URL
    let store: SQLiteStore
    var path: String { store.path }

    init(clock: Clock = .system) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("oauth2-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SQLiteStore(path: directory.appendingPathComponent("oauth2.sqlite").path, clock: clock)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Another, independent connection pool on the same file, as another process would open.
    func reopen(keyEncryption: KeyEncryptionKey? = nil) throws -> SQLiteStore {
        try SQLiteStore(path: path, keyEncryption: keyEncryption, clock: store.clock)
    }

    func auditActions() throws -> [String] {
        try store.listAudit(limit: 1000).reversed().map(\.action)
    }
}
