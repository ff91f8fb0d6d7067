/// The span a duration may take where it is used. Reading a duration always goes through
/// one of these, so a value that would overflow timestamp arithmetic (or make no sense,
/// like a zero timeout) is refused with a message naming the span instead.
public struct DurationRange: Sendable, Equatable, CustomStringConvertible {
    public let bounds: ClosedRange<Int>

    public init(_ bounds: ClosedRange<Int>) { self.bounds = bounds }

    private static let day = 86_400
    /// A client's access-token lifetime.
    public static let tokenLifetime = DurationRange(1...(30 * day))
    /// How long a rotated-out client secret keeps working.
    public static let secretGrace = DurationRange(0...(365 * day))
    /// How far back a look into the past reaches (token purge's retention, the audit's since).
    public static let lookBack = DurationRange(0...(3650 * day))
    /// Time to receive a whole request.
    public static let readTimeout = DurationRange(1...3600)
    /// Time an idle keep-alive connection stays open.
    public static let idleTimeout = DurationRange(1...day)

    /// `1s to 30d`.
    public var description: String { "\(DurationText.format(bounds.lowerBound)) to \(DurationText.format(bounds.upperBound))" }

    public func contains(_ seconds: Int) -> Bool { bounds.contains(seconds) }

    /// The seconds `text` stands for, or why it cannot be used here.
    public func parse(_ text: String) throws(DurationProblem) -> Int {
        guard let seconds = DurationText.parse(text) else { throw .malformed(self) }
        guard contains(seconds) else { throw .outOfRange(self) }
        return seconds
    }
}

/// Why a duration was refused; its description completes "invalid duration "…": ".
public enum DurationProblem: Error, Equatable, CustomStringConvertible {
    case malformed(DurationRange)
    case outOfRange(DurationRange)

    public var description: String {
        switch self {
        case let .malformed(range): "a number and s, m, h or d, from \(range)"
        case let .outOfRange(range): "must be from \(range)"
        }
    }
}
