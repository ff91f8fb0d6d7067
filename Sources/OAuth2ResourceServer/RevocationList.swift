import NIOConcurrencyHelpers
import OAuth2Core

/// The revocations a resource server has learned from the feed, each kept until the tokens
/// it names expire: revoked jtis, and per client the issue time up to which all its tokens
/// are revoked. Bounded: past `capacity`, the entries expiring soonest are dropped first.
public final class RevocationList: Sendable {
    private struct State {
        var tokens: [String: Int64] = [:]
        /// client id → (issued through, expires at).
        var clients: [String: (issuedThrough: Int64, expiresAt: Int64)] = [:]
        var dropped = 0
        var caughtUp = false
        var count: Int { tokens.count + clients.count }
    }

    private let state = NIOLockedValueBox(State())
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    /// Entries held now.
    public var count: Int { state.withLockedValue { $0.count } }
    /// Entries dropped for want of room: tokens they named would pass as not revoked.
    public var dropped: Int { state.withLockedValue { $0.dropped } }

    /// Whether the whole feed has been read at least once: before, a revoked token could pass.
    public var isCaughtUp: Bool { state.withLockedValue { $0.caughtUp } }

    func markCaughtUp() {
        state.withLockedValue { $0.caughtUp = true }
    }

    /// Whether the token these claims describe is revoked.
    public func isRevoked(_ claims: AccessTokenClaims) -> Bool {
        state.withLockedValue { state in
            if let jti = claims.jwtID, state.tokens[jti] != nil { return true }
            guard let client = claims.clientID ?? claims.subject, let cutoff = state.clients[client] else { return false }
            // A token with no iat cannot be shown to postdate the cutoff.
            return (claims.issuedAt ?? Int64.min) <= cutoff.issuedThrough
        }
    }

    /// Adds a page of the feed, forgetting what has expired by `now`.
    func apply(_ entries: [RevocationFeedPage.Entry], now: Int64) {
        state.withLockedValue { state in
            for entry in entries where entry.expiresAt > now {
                if let jti = entry.jwtID {
                    state.tokens[jti] = entry.expiresAt
                } else if let issuedThrough = entry.issuedThrough {
                    let previous = state.clients[entry.clientID]
                    state.clients[entry.clientID] = (max(issuedThrough, previous?.issuedThrough ?? .min),
                                                     max(entry.expiresAt, previous?.expiresAt ?? .min))
                }
            }
            if state.count > capacity { Self.purge(&state, now: now, capacity: capacity) }
        }
    }

    /// Forgets entries whose tokens have all expired.
    func purge(now: Int64) {
        state.withLockedValue { Self.purge(&$0, now: now, capacity: capacity) }
    }

    private static func purge(_ state: inout State, now: Int64, capacity: Int) {
        state.tokens = state.tokens.filter { $0.value > now }
        state.clients = state.clients.filter { $0.value.expiresAt > now }
        let excess = state.count - capacity
        guard excess > 0 else { return }
        // Sorting is rare (only past capacity) and bounded by it.
        for (jti, _) in state.tokens.sorted(by: { $0.value < $1.value }).prefix(excess) { state.tokens[jti] = nil }
        state.dropped += excess
    }
}
