import OAuth2Core
import OAuth2Store

/// What the follower found since its last look: every new token row, counted per client
/// and per second of issue, with the first few kept whole for the log.
struct TokenArrivals: Equatable, Sendable {
    var total = 0
    var perClient: [String: Int] = [:]
    /// Keyed by epoch second of issue (from the jti), for the header's rate.
    var perSecond: [EpochSeconds: Int] = [:]
    /// The first rows, oldest first, for single log lines when there are few.
    var samples: [TokenArrival] = []
    /// More rows were waiting than one look reads: the rest come with the next look.
    var behind = false
}

/// Follows the token rows that other processes commit, for a console attached to their
/// store: every row, however fast they come, reading only what is new.
///
/// A jti starts with its issue time in hex milliseconds and the token table is ordered by
/// jti, so new rows are a range scan from the newest time seen. A row can be committed a
/// little after a later-made one (group commits of several processes), so each look goes
/// back `margin` before the newest row seen and skips the jtis it already counted; a row
/// committed later than that after its jti was made would be missed (a commit never takes
/// that long unless the store stalls for seconds). Memory holds the jtis of one margin.
struct TokenFollower: Sendable {
    /// How far back each look reads again, in milliseconds.
    static let margin: UInt64 = 2_000
    /// Rows read in one look at most; more wait for the next look (`behind`).
    static let rowsPerLook = 200_000
    static let samplesKept = LiveWindow.burst

    /// The newest issue time seen, in milliseconds; rows before it minus the margin are done.
    private(set) var newestMillis: UInt64
    private var recent: Set<String> = []

    /// Follows from `millis` on: rows issued before then are history, not news.
    init(fromMillis millis: UInt64) {
        newestMillis = millis
    }

    /// The jti range the next look reads: from the margin before the newest row seen to
    /// a day ahead (random jtis of tokens issued before jtis carried the time sort above
    /// every time and would otherwise come back with each look).
    var range: (from: String, below: String) {
        let from = newestMillis > Self.margin ? newestMillis - Self.margin : 0
        return (HexDigit.text(from, width: 12), HexDigit.text(newestMillis + 86_400_000, width: 12))
    }

    /// Counts the rows of one look that were not counted before.
    mutating func absorb(_ rows: [TokenArrival]) -> TokenArrivals {
        var arrivals = TokenArrivals()
        arrivals.behind = rows.count >= Self.rowsPerLook
        for row in rows where !recent.contains(row.jti) {
            guard let millis = Self.millis(of: row.jti) else { continue }
            recent.insert(row.jti)
            newestMillis = max(newestMillis, millis)
            arrivals.total += 1
            arrivals.perClient[row.clientId, default: 0] += 1
            arrivals.perSecond[EpochSeconds(millis / 1000), default: 0] += 1
            if arrivals.samples.count < Self.samplesKept { arrivals.samples.append(row) }
        }
        let horizon = range.from
        recent = recent.filter { $0 >= horizon }
        return arrivals
    }

    /// The issue time a jti carries, or nil for one that carries none.
    static func millis(of jti: String) -> UInt64? {
        let digits = jti.utf8.prefix(12)
        guard digits.count == 12 else { return nil }
        var value: UInt64 = 0
        for digit in digits {
            guard let nibble = HexDigit.value(digit), digit < UInt8(ascii: "A") || digit > UInt8(ascii: "F") else { return nil }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }
}
