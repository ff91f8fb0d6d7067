import NIOConcurrencyHelpers

/// A value fetched by at most one task at a time: callers that come while a fetch runs
/// await that fetch. What a successful fetch returned is kept; a failed one is forgotten,
/// so the next caller tries again.
final class SingleFlight<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var running: Task<Value, Error>?
    }

    private let state = NIOLockedValueBox(State())
    private let fetch: @Sendable () async throws -> Value

    init(_ fetch: @escaping @Sendable () async throws -> Value) {
        self.fetch = fetch
    }

    /// The last value fetched, if any, without fetching.
    var current: Value? { state.withLockedValue { $0.value } }

    /// The kept value, or the result of a fetch.
    func value() async throws -> Value {
        if let value = current { return value }
        return try await refresh()
    }

    /// A fresh value: joins the fetch under way or starts one.
    func refresh() async throws -> Value {
        let task = state.withLockedValue { state in
            if let running = state.running { return running }
            let running = Task { [fetch] in try await fetch() }
            state.running = running
            return running
        }
        do {
            let value = try await task.value
            state.withLockedValue { state in
                state.value = value
                if state.running == task { state.running = nil }
            }
            return value
        } catch {
            state.withLockedValue { state in
                if state.running == task { state.running = nil }
            }
            throw error
        }
    }
}
