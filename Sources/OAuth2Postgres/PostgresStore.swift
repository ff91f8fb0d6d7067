import NIOCore
import OAuth2Core
import OAuth2Store
import PostgresNIO

/// A store in a PostgreSQL database that several servers (and consoles, and admin commands)
/// share: the same tables, rules and triggers as `SQLiteStore`'s file, and the same
/// protocols, so that everything above the store works on either.
///
/// Every change commits in one transaction with its audit event and its client-generation
/// bump, as on SQLite; what differs is how other processes learn of it (`LISTEN/NOTIFY` on
/// top of the generation checks) and that the request path's reads go over the network.
public final class PostgresStore: Sendable {
    public let database: PostgresDatabase
    public let clock: Clock
    /// The token commits' durability; nil: the database's own `synchronous_commit`.
    public let tokenDurability: Durability?
    /// What opens (and seals) the private signing keys, when the store's are sealed.
    public let keyEncryption: KeyEncryptionKey?

    /// Connects with at most `connections` connections, and brings the schema up to date
    /// (under the migration lock, so servers starting together do not race). With
    /// `keyEncryption`, seals the signing keys of a store not yet sealed (`actor` is audited
    /// for it), and refuses a sealed store's if it is not their key.
    public init(url: PostgresURL, connections: Int = 8, timeout: TimeAmount = .seconds(10), clock: Clock = .system,
                tokenDurability: Durability? = nil, keyEncryption: KeyEncryptionKey? = nil, actor: AuditActor = .cli) throws {
        self.clock = clock
        self.tokenDurability = tokenDurability
        self.keyEncryption = keyEncryption
        database = try PostgresDatabase(url, size: connections, timeout: timeout)
        do {
            try PostgresMigrator.migrate(database, now: clock.now())
            if let keyEncryption { try adopt(keyEncryption, actor: actor) }
        } catch {
            database.close()
            throw error
        }
    }

    public var url: PostgresURL { database.url }

    /// Closes the connections; the store is unusable afterwards.
    public func close() {
        database.close()
    }

    /// Runs `body` in one transaction: committed if it returns, rolled back if it throws.
    func write<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        try database.transaction(body)
    }

    /// Appends an audit event inside the caller's transaction, so the trail and the change it
    /// records commit or roll back together.
    static func audit(_ session: PostgresSession, actor: AuditActor, action: String, subject: String,
                      details: [String: AuditValue] = [:], at now: EpochSeconds) throws {
        try session.query("""
            INSERT INTO audit_event (at, actor, action, subject, details)
            VALUES (\(now), \(actor.rawValue), \(action), \(subject), \(AuditValue.object(details).json))
            """)
    }
}
