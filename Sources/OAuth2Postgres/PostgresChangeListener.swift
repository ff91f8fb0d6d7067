import Foundation
import NIOCore
import OAuth2Store
import PostgresNIO

/// Listens, on a connection of its own, to the store's change notifications (see
/// `PostgresSchema.notifications`) and hands them on as `StoreChange`s. A notification sent
/// while the connection is down is lost for good, so each time it (re)connects it reports
/// `.anything`: the follower reloads what it caches. Reconnects every second until cancelled.
final class PostgresChangeListener: StoreChangeFollowing, @unchecked Sendable {
    private let database: PostgresDatabase
    private let onChange: @Sendable (StoreChange) -> Void
    // `connection` and `cancelled` are guarded by `lock`.
    private let lock = NSLock()
    private var connection: PostgresConnection?
    private var cancelled = false
    private static let retryInterval: TimeInterval = 1

    init(database: PostgresDatabase, onChange: @escaping @Sendable (StoreChange) -> Void) {
        self.database = database
        self.onChange = onChange
        let thread = Thread { [self] in run() }
        thread.name = "oauth2-change-listener"
        thread.start()
    }

    func cancel() {
        let connection = lock.withLock {
            cancelled = true
            return self.connection
        }
        connection.map(PostgresDatabase.dropped)
    }

    private func run() {
        while !lock.withLock({ cancelled }) {
            if let connection = try? listen() {
                onChange(.anything)
                // Returns once the connection is lost or closed by `cancel`.
                try? connection.closeFuture.wait()
            }
            Thread.sleep(forTimeInterval: Self.retryInterval)
        }
    }

    /// A connection listening on the change channel, or nil if cancelled meanwhile.
    private func listen() throws -> PostgresConnection? {
        let connection = try database.connectApart()
        connection.addListener(channel: PostgresSchema.changeChannel) { [onChange] _, notification in
            if let change = Self.change(notification.payload) { onChange(change) }
        }
        do {
            _ = try database.wait(for: connection.query("LISTEN \(unescaped: PostgresSchema.changeChannel)", logger: PostgresDatabase.quiet))
        } catch {
            PostgresDatabase.dropped(connection)
            throw error
        }
        let keep = lock.withLock {
            if !cancelled { self.connection = connection }
            return !cancelled
        }
        guard keep else {
            PostgresDatabase.dropped(connection)
            return nil
        }
        return connection
    }

    /// `clients:GENERATION` or `keys`, as the triggers send them.
    static func change(_ payload: String) -> StoreChange? {
        if payload == "keys" { return .keys }
        guard payload.hasPrefix("clients:"), let generation = Int64(payload.dropFirst("clients:".count)) else { return nil }
        return .clients(generation: generation)
    }
}
