/// Token rows issued together, and the client generation their clients were authenticated
/// under (nil: insert whatever it is now).
public struct TokenGroup: Sendable {
    public var rows: [TokenRecord]
    public var clientGeneration: Int64?
    /// No tokens: a write that proves commits go through (see `TokenWriter.canCommit`).
    public private(set) var isProbe = false

    static let probe = TokenGroup(rows: [], clientGeneration: nil, isProbe: true)

    public init(rows: [TokenRecord], clientGeneration: Int64?) {
        self.rows = rows
        self.clientGeneration = clientGeneration
    }

    private init(rows: [TokenRecord], clientGeneration: Int64?, isProbe: Bool) {
        self.rows = rows
        self.clientGeneration = clientGeneration
        self.isProbe = isProbe
    }

    /// Whether the group was issued under `generation` (or under none).
    public func isCurrent(at generation: Int64) -> Bool {
        clientGeneration.map { $0 == generation } ?? true
    }
}
