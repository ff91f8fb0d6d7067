import Foundation

/// Unix time in whole seconds: the unit of every timestamp in the store and in JWT claims.
public typealias EpochSeconds = Int64

public enum Clock {
    public static func now() -> EpochSeconds { EpochSeconds(Date().timeIntervalSince1970) }
}
