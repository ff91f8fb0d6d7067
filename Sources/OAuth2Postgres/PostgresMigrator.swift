import OAuth2Store
import PostgresNIO

/// Applies `PostgresSchema.migrations` that a database lacks, each in its own transaction
/// that first takes a transaction-scoped advisory lock: servers and admin commands starting
/// together queue on the lock, and each one that comes after finds the work done.
public enum PostgresMigrator {
    /// The advisory lock's key, shared with `StoreCopy` so that a copy never meets a schema
    /// being built ("oauth2" in ASCII).
    static let lockKey: Int64 = 0x6F_61_75_74_68_32

    /// How long to wait for another process's migration or copy before giving up.
    static let lockTimeout = "60s"

    /// The schema version this binary builds.
    public static var latestVersion: Int { PostgresSchema.latestVersion }

    /// Brings the schema up to date; returns the names of the migrations applied now (none
    /// if it already was).
    @discardableResult
    public static func migrate(_ database: PostgresDatabase, now: EpochSeconds = Clock.system.now()) throws -> [String] {
        var applied: [String] = []
        for migration in PostgresSchema.migrations {
            let ran = try database.transaction { session in
                try lock(session)
                let versions = try appliedVersions(session)
                if let newest = versions.max(), newest > PostgresSchema.latestVersion {
                    throw PostgresStoreError.schemaTooNew(database: database.url.description, version: newest)
                }
                guard !versions.contains(migration.version) else { return false }
                for statement in migration.statements { try session.execute(statement) }
                try session.query("""
                    INSERT INTO oauth2_schema_migration (version, name, applied_at)
                    VALUES (\(migration.version), \(migration.name), \(now))
                    """)
                return true
            }
            if ran { applied.append(migration.name) }
        }
        return applied
    }

    /// Takes the store's advisory lock for the rest of the transaction, waiting at most
    /// `lockTimeout` for another holder.
    static func lock(_ session: PostgresSession) throws {
        try session.execute("SET LOCAL lock_timeout = '\(lockTimeout)'")
        try session.query("SELECT pg_advisory_xact_lock(\(lockKey))")
    }

    static func appliedVersions(_ session: PostgresSession) throws -> [Int] {
        try session.execute(PostgresSchema.migrationTable)
        return try session.query("SELECT version FROM oauth2_schema_migration").map { try $0.decode(Int.self) }
    }
}
