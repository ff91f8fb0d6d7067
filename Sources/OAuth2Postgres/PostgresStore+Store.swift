import NIOCore
import OAuth2Store

extension PostgresStore: Store {
    public var location: String { url.description }

    /// Every read crosses the network: the server makes them off its event loops.
    public var requestReadsWait: Bool { true }

    public func isReachable() -> Bool {
        (try? database.withConnection { try $0.query("SELECT 1").first?.decode(Int.self) }) == 1
    }

    public func makeRequestReader() throws -> any RequestReading {
        PostgresRequestReader(database: database)
    }

    /// The WAL's bound is SQLite's: PostgreSQL keeps its own.
    public func makeTokenCommitter(walLimitBytes: Int) throws -> any TokenBatchCommitter {
        PostgresTokenCommitter(database: database, durability: tokenDurability)
    }
}

extension PostgresStore {
    public func followChanges(_ onChange: @escaping @Sendable (StoreChange) -> Void) -> (any StoreChangeFollowing)? {
        PostgresChangeListener(database: database, onChange: onChange)
    }
}

extension PostgresStore {
    /// Under a session advisory lock named after the job: a server that finds it taken skips
    /// its turn. The lock goes with its connection if the process dies mid-job.
    public func runAlone(_ name: String, _ job: () throws -> Void) throws -> Bool {
        let key = "oauth2:" + name
        return try database.withConnection { session in
            guard try session.query("SELECT pg_try_advisory_lock(hashtext(\(key)))").first?.decode(Bool.self) == true else { return false }
            defer { _ = try? session.query("SELECT pg_advisory_unlock(hashtext(\(key)))") }
            try job()
            return true
        }
    }
}
