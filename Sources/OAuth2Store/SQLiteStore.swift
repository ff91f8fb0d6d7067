import Foundation
import GRDB
import OAuth2Core

/// The one SQLite file that holds everything: clients, secrets, scopes, tokens, keys and the
/// audit trail. Every process (console, server, CLI) opens the same file; it is the only
/// channel between them.
public final class SQLiteStore: Sendable {
    public let path: String
    public let durability: Durability
    /// Seals and opens the private signing keys; nil leaves them as plaintext PEM, unless the
    /// store was sealed, whose keys are then out of reach.
    public let keyEncryption: KeyEncryptionKey?
    public let clock: Clock
    let pool: DatabasePool

    public static let defaultPath = "./oauth2.sqlite"
    /// How long a writer waits for another process's write lock before giving up.
    public static let busyTimeout: TimeInterval = 10

    /// Opens (creating with mode 0600 if needed) and migrates the store at `path`.
    /// Refuses, without touching it, a file that is not SQLite or whose schema is newer than
    /// this binary. With `keyEncryption`, seals the signing keys of a store not yet sealed
    /// (audited as done by `actor`), and refuses a sealed store that this key does not open.
    public init(path: String, durability: Durability = .normal, keyEncryption: KeyEncryptionKey? = nil,
                actor: AuditActor = .cli, clock: Clock = .system) throws {
        self.path = path
        self.durability = durability
        self.keyEncryption = keyEncryption
        self.clock = clock
        try StoreFile.prepare(path: path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability.rawValue)")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StoreError.notSQLite(path: path)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: Self.reason(error))
        }
        try migrate()
        if let keyEncryption { try adopt(keyEncryption, actor: actor) }
    }

    private func migrate() throws {
        let migrator = Migrations.migrator
        do {
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StoreError.schemaTooNew(path: path)
            }
            try migrator.migrate(pool)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.cannotOpen(path: path, reason: Self.reason(error))
        }
    }

    static func reason(_ error: Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    /// A write transaction whose GRDB errors become admin-readable `StoreError`s.
    @discardableResult
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try translatingErrors { try pool.write(body) }
    }

    /// A read transaction whose GRDB errors become admin-readable `StoreError`s.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try translatingErrors { try pool.read(body) }
    }

    private func translatingErrors<T>(_ access: () throws -> T) throws -> T {
        do {
            return try access()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            throw StoreError.full(path: path, reason: Self.reason(error))
        } catch {
            throw StoreError.failed(path: path, reason: Self.reason(error))
        }
    }

    /// SQLite's `PRAGMA data_version` for this connection: it changes whenever another
    /// connection (in this or another process) commits, so watchers can poll it cheaply.
    public func dataVersion() throws -> Int {
        try read { try Int.fetchOne($0, sql: "PRAGMA data_version") ?? 0 }
    }

    /// Whether the database answers a trivial query (for health checks).
    public func isReachable() -> Bool {
        (try? pool.read { try Int.fetchOne($0, sql: "SELECT 1") }) == 1
    }
}


extension SQLiteStore: Store {
    public var location: String { path }
    /// A local file's reads take microseconds: the event loops make them themselves.
    public var requestReadsWait: Bool { false }

    public func makeRequestReader() throws -> any RequestReading {
        try SQLiteRequestReader(store: self)
    }

    public func makeTokenCommitter(walLimitBytes: Int) throws -> any TokenBatchCommitter {
        try SQLiteTokenCommitter(store: self, walLimitBytes: walLimitBytes)
    }

    /// One machine's processes share a file: their upkeep is idempotent and cheap, so each
    /// runs its own.
    public func runAlone(_ name: String, _ job: () throws -> Void) throws -> Bool {
        try job()
        return true
    }

    /// A file says nothing of its changes; readers compare the client generation.
    public func followChanges(_ onChange: @escaping @Sendable (StoreChange) -> Void) -> (any StoreChangeFollowing)? {
        nil
    }
}
