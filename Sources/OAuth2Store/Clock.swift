import Foundation

/// Unix time in whole seconds: the unit of every timestamp in the store and in JWT claims.
public typealias EpochSeconds = Int64

/// Where the stores and the server read the time that decides what is live: tokens' issue
/// and expiry, secrets' grace, revocations, keys' retirement, servers' presence. The
/// system's in production; in tests one that moves when told, so that a lifetime can end
/// without a test waiting it out.
public struct Clock: Sendable {
    private let read: @Sendable () -> EpochSeconds

    public init(_ read: @escaping @Sendable () -> EpochSeconds) {
        self.read = read
    }

    public func now() -> EpochSeconds { read() }

    public static let system = Clock { EpochSeconds(Date().timeIntervalSince1970) }
}
