/// Runs `body`, cancelling it and throwing `onTimeout` once `limit` has passed, so that no wait
/// on the database is unbounded: PostgresNIO's own connect timeout covers the TCP handshake
/// only, and a server that accepts a connection but never answers would otherwise hold us.
func withDeadline<T: Sendable>(_ limit: Duration, onTimeout: @autoclosure @escaping @Sendable () -> any Error,
                               _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw onTimeout()
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw CancellationError() }
        return first
    }
}
