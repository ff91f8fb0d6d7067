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
        PostgresTokenCommitter(database: database)
    }
}

extension PostgresStore {
    public func followChanges(_ onChange: @escaping @Sendable (StoreChange) -> Void) -> (any StoreChangeFollowing)? {
        PostgresChangeListener(database: database, onChange: onChange)
    }
}
