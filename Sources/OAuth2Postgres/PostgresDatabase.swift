import Foundation
import Logging
import NIOCore
import NIOPosix
import OAuth2Store
import PostgresNIO

/// A PostgreSQL store's database: connections to it for callers that wait on their own
/// thread until a query answers, as every caller of a `Store` does (the server's blocking
/// pool and token writer, the console's store thread, the CLI). At most `size` connections, each made when first
/// needed and made again after one is lost, so a database that restarts costs the queries in
/// flight, never a restart of ours. Every wait (for a connection, for an answer) is bounded
/// by `timeout`: a query without an answer by then fails, and its connection is dropped.
///
/// Built on PostgresNIO's `PostgresConnection` and its future-returning API, on an event loop
/// of its own, rather than on `PostgresClient`: a `Store` is called synchronously, and
/// waiting on a future from an ordinary thread needs no Swift-concurrency executor that a
/// blocked caller could starve. Never called from that loop (it would wait on itself).
public final class PostgresDatabase: @unchecked Sendable {
    public let url: PostgresURL
    public let timeout: TimeAmount
    private let configuration: PostgresConnection.Configuration
    private let loop: MultiThreadedEventLoopGroup
    /// Runs the async work callers wait for on the database's own loop: on Swift's shared
    /// pool it could wait forever for a thread that the waiting callers hold.
    private let executor: LoopTaskExecutor
    private let size: Int
    // `idle`, `open` and `closed` are guarded by `condition`.
    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    /// Connections idle, lent out or being made.
    private var open = 0
    private var closed = false
    private var nextID = 0

    /// Background logs would go to stdout of a CLI command; errors are reported by what throws.
    static let quiet = Logger(label: "oauth2.postgres") { _ in SwiftLogNoOpLogHandler() }

    /// Connects to `url` (the password from `$PGPASSWORD` or the passfile) and keeps the
    /// connection for the pool: a database that is not there, refuses the credentials or
    /// does not speak TLS as asked fails here, with the reason.
    public init(_ url: PostgresURL, size: Int = 4, timeout: TimeAmount = .seconds(10)) throws {
        self.url = url
        self.timeout = timeout
        self.size = size
        configuration = try url.connectionConfiguration(password: try PassFile.password(for: url), timeout: timeout)
        loop = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        executor = LoopTaskExecutor(loop.next())
        do {
            release(try acquire())
        } catch {
            try? loop.syncShutdownGracefully()
            throw error
        }
    }

    /// Opens `url`, runs `body`, and closes the connections whatever `body` does.
    @discardableResult
    public static func open<T>(_ url: PostgresURL, timeout: TimeAmount = .seconds(10), _ body: (PostgresDatabase) throws -> T) throws -> T {
        let database = try PostgresDatabase(url, size: 1, timeout: timeout)
        defer { database.close() }
        return try body(database)
    }

    /// A database no one holds any more, say a command's store at exit: its connections are
    /// closed rather than dropped open.
    deinit {
        close()
    }

    /// Runs `body` on a connection of its own; a connection lost or left without an answer
    /// under it is dropped.
    public func withConnection<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        let connection = try acquire()
        do {
            let result = try body(PostgresSession(connection: connection, database: self))
            release(connection)
            return result
        } catch {
            release(connection, dropping: !Self.leavesConnectionUsable(error))
            throw translated(error)
        }
    }

    /// Whether a connection is still good after `error`: the store's own refusals and the
    /// server's errors are answers on a working connection; anything else (a timeout, a lost
    /// connection) may have left it half-way through a query.
    static func leavesConnectionUsable(_ error: any Error) -> Bool {
        if error is StoreError { return true }
        if let error = error as? PSQLError { return error.serverInfo != nil }
        return false
    }

    /// Runs `body` in one transaction: committed if it returns, rolled back if it throws.
    public func transaction<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        try withConnection { session in
            try session.execute("BEGIN")
            let result: T
            do {
                result = try body(session)
            } catch {
                // A connection that cannot roll back is dropped by `withConnection`.
                try session.execute("ROLLBACK")
                throw error
            }
            try session.execute("COMMIT")
            return result
        }
    }

    /// Closes every connection; later calls fail.
    public func close() {
        condition.lock()
        guard !closed else { return condition.unlock() }
        closed = true
        let connections = idle
        idle = []
        condition.broadcast()
        condition.unlock()
        for connection in connections { _ = try? wait(for: connection.close() as EventLoopFuture<Void>) }
        try? loop.syncShutdownGracefully()
    }

    /// What `work` returns, for a thread that waits for it (never one of Swift concurrency's
    /// own, which `work` may need), or a timeout once `timeout` passed without it.
    func wait<T: Sendable>(for work: @escaping @Sendable () async throws -> T) throws -> T {
        let promise = loop.next().makePromise(of: T.self)
        Task(executorPreference: executor) {
            do {
                promise.succeed(try await work())
            } catch {
                promise.fail(error)
            }
        }
        return try wait(for: promise.futureResult)
    }

    /// `future`'s value, or a timeout once `timeout` passed without one.
    func wait<T: Sendable>(for future: EventLoopFuture<T>) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let outcome = OutcomeBox<T>()
        future.whenComplete { result in
            outcome.set(result)
            done.signal()
        }
        guard done.wait(timeout: .now() + .nanoseconds(Int(timeout.nanoseconds))) == .success else {
            throw PostgresStoreError.timedOut(database: url.description, seconds: Int(timeout.nanoseconds / 1_000_000_000))
        }
        return try outcome.get()
    }

    private func acquire() throws -> PostgresConnection {
        let deadline = Date(timeIntervalSinceNow: Double(timeout.nanoseconds) / 1e9)
        condition.lock()
        while !closed, idle.isEmpty, open >= size {
            guard condition.wait(until: deadline) else {
                condition.unlock()
                throw PostgresStoreError.timedOut(database: url.description, seconds: Int(timeout.nanoseconds / 1_000_000_000))
            }
        }
        guard !closed else {
            condition.unlock()
            throw PostgresStoreError.failed(database: url.description, reason: "the store is closed")
        }
        // One the database closed while it was idle (it restarted, say) is dropped: a query
        // written to it would never be answered, only time out.
        while let connection = idle.popLast() {
            guard connection.isClosed else {
                condition.unlock()
                return connection
            }
            open -= 1
            Self.dropped(connection)
        }
        open += 1
        condition.unlock()
        do {
            return try connectApart()
        } catch {
            condition.lock()
            open -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    /// A new connection outside the pool, for a caller that keeps it (a listener) and
    /// closes it itself.
    func connectApart() throws -> PostgresConnection {
        let id = condition.withLock {
            nextID += 1
            return nextID
        }
        let connecting = PostgresConnection.connect(on: loop.next(), configuration: configuration, id: id, logger: Self.quiet)
        do {
            return try wait(for: connecting)
        } catch {
            // Made after the wait gave up on it: closed rather than left open.
            connecting.whenSuccess { Self.dropped($0) }
            if let error = error as? PostgresStoreError { throw error }
            throw PostgresStoreError.unreachable(database: url.description, reason: PostgresFailure.reason(error))
        }
    }

    private func release(_ connection: PostgresConnection, dropping: Bool = false) {
        condition.lock()
        if dropping || connection.isClosed || closed {
            open -= 1
            Self.dropped(connection)
        } else {
            idle.append(connection)
        }
        condition.signal()
        condition.unlock()
    }

    /// Closes a connection no one waits for.
    static func dropped(_ connection: PostgresConnection) {
        let closing: EventLoopFuture<Void> = connection.close()
        // Kept until closed: PostgresNIO traps on a connection freed while open.
        closing.whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    func translated(_ error: any Error) -> any Error {
        if error is PostgresStoreError || error is StoreError { return error }
        if let state = (error as? PSQLError)?.serverInfo?[.sqlState], state == "23505" || state == "23503" {
            return PostgresStoreError.constraint(database: url.description, reason: PostgresFailure.reason(error))
        }
        return PostgresStoreError.failed(database: url.description, reason: PostgresFailure.reason(error))
    }
}

/// One connection lent out by the pool, for the duration of a `withConnection` body.
public struct PostgresSession {
    public let connection: PostgresConnection
    let database: PostgresDatabase

    /// The rows `query` returns (all of them: the store's queries are bounded).
    @discardableResult
    public func query(_ query: PostgresQuery) throws -> [PostgresRow] {
        try database.wait(for: connection.query(query, logger: PostgresDatabase.quiet)).rows
    }

    public func execute(_ sql: String) throws {
        try query(PostgresQuery(unsafeSQL: sql))
    }
}

/// Where a future's result waits for the thread that waits for it.
private final class OutcomeBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, any Error>?

    func set(_ result: Result<T, any Error>) {
        lock.withLock { self.result = result }
    }

    func get() throws -> T {
        guard let result = lock.withLock({ self.result }) else { preconditionFailure("read before the future completed") }
        return try result.get()
    }
}
