/// Exponential backoff with full jitter between attempts of one request: the n-th retry
/// waits a random share of `initial · 2ⁿ` (at most `maximum`), so that many clients that
/// failed together do not return together. A server's `Retry-After` overrides it, capped
/// at `maximum` so a bad header cannot stall a caller.
public struct Backoff: Sendable {
    public var initial: Duration
    public var maximum: Duration
    /// Attempts in all, the first included.
    public var attempts: Int

    public init(initial: Duration = .milliseconds(200), maximum: Duration = .seconds(10), attempts: Int = 4) {
        self.initial = initial
        self.maximum = maximum
        self.attempts = max(attempts, 1)
    }

    func delay(afterAttempt attempt: Int, retryAfterSeconds: Int?) -> Duration {
        if let retryAfterSeconds { return min(.seconds(retryAfterSeconds), maximum) }
        let ceiling = min(initial * (1 << min(attempt, 20)), maximum)
        return ceiling * Double.random(in: 0...1)
    }
}
