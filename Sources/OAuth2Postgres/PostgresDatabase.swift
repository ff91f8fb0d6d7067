import Logging
import NIOCore
import NIOSSL
import PostgresNIO
import Synchronization

/// A PostgreSQL store's database: a `PostgresClient` (a connection pool) that runs for as long
/// as `PostgresDatabase.open` lends it out.
///
/// Every wait is bounded by `timeout`. Opening first proves, with one direct connection, that
/// the database answers with these credentials: the pool retries a failed connection forever
/// without saying why, while a direct connection fails at once with the reason (refused,
/// unknown database, wrong password, no TLS).
public final class PostgresDatabase: Sendable {
    public let url: PostgresURL
    public let timeout: Duration
    private let client: PostgresClient

    /// Background logs would go to stdout of a CLI command; errors are reported by what throws.
    static let quiet = Logger(label: "oauth2.postgres") { _ in SwiftLogNoOpLogHandler() }

    private init(url: PostgresURL, password: String?, timeout: Duration) {
        self.url = url
        self.timeout = timeout
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: password, database: url.database,
            tls: url.sslMode.tlsConfiguration.map { .require($0) } ?? .disable)
        configuration.options.connectTimeout = timeout
        client = PostgresClient(configuration: configuration, backgroundLogger: Self.quiet)
    }

    /// Connects to `url` (the password from `$PGPASSWORD` or the passfile), runs `body`, and
    /// closes the pool whatever `body` does.
    @discardableResult
    public static func open<T: Sendable>(_ url: PostgresURL, timeout: Duration = .seconds(10),
                                         _ body: @Sendable (PostgresDatabase) async throws -> T) async throws -> T {
        let password = try PassFile.password(for: url)
        try await probe(url, password: password, timeout: timeout)
        let database = PostgresDatabase(url: url, password: password, timeout: timeout)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.client.run() }
            defer { group.cancelAll() }
            return try await body(database)
        }
    }

    private static func probe(_ url: PostgresURL, password: String?, timeout: Duration) async throws {
        do {
            let tls: PostgresConnection.Configuration.TLS = try url.sslMode.tlsConfiguration
                .map { .require(try NIOSSLContext(configuration: $0)) } ?? .disable
            var configuration = PostgresConnection.Configuration(
                host: url.host, port: url.port, username: url.user, password: password, database: url.database, tls: tls)
            configuration.options.connectTimeout = TimeAmount(timeout)
            let connecting = configuration
            // Closed inside the deadline's task: a connection that completes as the deadline
            // passes is closed there rather than dropped open.
            try await withDeadline(timeout, onTimeout: PostgresStoreError.timedOut(
                database: url.description, seconds: Int(timeout.components.seconds))) {
                try await PostgresConnection.connect(configuration: connecting, id: 0, logger: quiet).close()
            }
        } catch let error as PostgresStoreError {
            throw error
        } catch {
            throw PostgresStoreError.unreachable(database: url.description, reason: PostgresFailure.reason(error))
        }
    }

    /// Runs `body` in one transaction: committed if it returns, rolled back if it throws.
    /// Waiting for a connection is bounded by `timeout`; the transaction itself is not, since
    /// a copy may rightly take long.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let leased = Flag()
        do {
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    try await self.client.withTransaction(logger: Self.quiet) { connection in
                        leased.raise()
                        return try await body(connection)
                    }
                }
                group.addTask {
                    try await Task.sleep(for: self.timeout)
                    guard leased.isRaised else {
                        throw PostgresStoreError.timedOut(database: self.url.description, seconds: Int(self.timeout.components.seconds))
                    }
                    return nil
                }
                defer { group.cancelAll() }
                while let result = try await group.next() {
                    if let result { return result }
                }
                throw CancellationError()
            }
        } catch {
            throw translated(error)
        }
    }

    /// Our own errors as they are; PostgresNIO's wrapped in a transaction's error reduced to
    /// the step that failed (the closure's first, then BEGIN's, then COMMIT's).
    private func translated(_ error: any Error) -> PostgresStoreError {
        if let error = error as? PostgresStoreError { return error }
        if let error = error as? PostgresTransactionError,
           let cause = error.closureError ?? error.beginError ?? error.commitError {
            return translated(cause)
        }
        return .failed(database: url.description, reason: PostgresFailure.reason(error))
    }
}

/// Set once, read from another task: whether the transaction got its connection in time.
private final class Flag: Sendable {
    private let value = Atomic(false)
    func raise() { value.store(true, ordering: .releasing) }
    var isRaised: Bool { value.load(ordering: .acquiring) }
}
