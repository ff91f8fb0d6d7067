/// Durations as admins type them: `90s`, `15m`, `24h`, `7d`, or `0`.
public enum DurationText {
    static let unitSeconds: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]

    /// Seconds, or nil when the text is not a non-negative whole number with a unit. Callers
    /// read durations through a `DurationRange`, which also bounds the value.
    static func parse(_ text: String) -> Int? {
        if text == "0" { return 0 }
        guard let unit = text.last, let multiplier = unitSeconds[unit],
              let amount = Int(text.dropLast()), amount >= 0,
              amount <= Int.max / multiplier
        else { return nil }
        return amount * multiplier
    }

    /// The shortest exact form: 3600 → `1h`, 90 → `90s`, 0 → `0s`.
    public static func format(_ seconds: Int) -> String {
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60)] where seconds != 0 && seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }

    /// A rough, human reading of a span for tables: `45s`, `12m`, `5h`, `3d`.
    public static func approximate(_ seconds: Int) -> String {
        let magnitude = abs(seconds)
        let text: String
        switch magnitude {
        case ..<60: text = "\(magnitude)s"
        case ..<3600: text = "\(magnitude / 60)m"
        case ..<86_400: text = "\(magnitude / 3600)h"
        default: text = "\(magnitude / 86_400)d"
        }
        return seconds < 0 ? "-" + text : text
    }
}
