import OAuth2Store

/// Issuance and failure counts over time, for the header: tokens per second now, a
/// sparkline of recent minutes, failures in the last minute.
struct Throughput: Equatable, Sendable {
    static let minutesShown = 12

    /// Per-second counts of the last 60 seconds, keyed by epoch second.
    private var issuedBySecond: [EpochSeconds: Int] = [:]
    private var deniedBySecond: [EpochSeconds: Int] = [:]
    /// Per-minute issuance counts, keyed by epoch minute.
    private var issuedByMinute: [EpochSeconds: Int] = [:]

    mutating func record(issued: Int, denied: Int, at now: EpochSeconds) {
        if issued > 0 {
            issuedBySecond[now, default: 0] += issued
            issuedByMinute[now / 60, default: 0] += issued
        }
        if denied > 0 { deniedBySecond[now, default: 0] += denied }
        issuedBySecond = issuedBySecond.filter { $0.key > now - 60 }
        deniedBySecond = deniedBySecond.filter { $0.key > now - 60 }
        issuedByMinute = issuedByMinute.filter { $0.key > now / 60 - EpochSeconds(Self.minutesShown) }
    }

    /// Tokens issued in the last whole second.
    func perSecond(at now: EpochSeconds) -> Int { issuedBySecond[now - 1] ?? 0 }

    func failuresLastMinute(at now: EpochSeconds) -> Int {
        deniedBySecond.filter { $0.key > now - 60 }.values.reduce(0, +)
    }

    /// One bar per minute, oldest first, the current minute last.
    func sparkline(at now: EpochSeconds) -> String {
        let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let minute = now / 60
        let counts = (0..<EpochSeconds(Self.minutesShown)).reversed().map { issuedByMinute[minute - $0] ?? 0 }
        let peak = max(1, counts.max() ?? 1)
        return String(counts.map { $0 == 0 ? " " : bars[min(bars.count - 1, $0 * bars.count / (peak + 1))] })
    }
}
