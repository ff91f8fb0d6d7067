/// Polls `condition` every 20 ms until it holds or `limit` passes; returns whether it held.
/// For what happens in another task or process, where a fixed sleep would be a guess.
///
/// Only time this task could have run counts against `limit`: each poll is charged at most
/// 100 ms. Tests that block (sockets, `concurrentPerform`) can hold every thread of the test
/// runner's pool (two, on two cores) for seconds, during which neither this poll nor what it
/// waits for runs; that gap is not the awaited thing being slow. A starved wait still ends,
/// at ten times `limit`.
public func eventually(within limit: Duration, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let clock = ContinuousClock()
    let hardDeadline = clock.now + limit * 10
    var remaining = limit
    var last = clock.now
    while true {
        if try await condition() { return true }
        let now = clock.now
        remaining -= min(now - last, .milliseconds(100))
        last = now
        if remaining <= .zero || now >= hardDeadline { return false }
        try? await Task.sleep(for: .milliseconds(20))
    }
}
