/// Polls `condition` every 20 ms until it holds or `limit` passes; returns whether it held.
/// For what happens in another task or process, where a fixed sleep would be a guess.
public func eventually(within limit: Duration, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
