extension Int {
    /// `1,204`: thousands grouped the same way whatever the process locale, so the screen
    /// reads the same in every environment (and in tests).
    var grouped: String {
        let digits = String(magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return self < 0 ? "-" + result : result
    }
}

extension Int {
    /// Whole but short, for the header: `9,999`, then `10.3k`, `103k`, `1.2M`, `12M`, `1.5G`.
    var compact: String {
        let units: [(Int, String)] = [(1_000_000_000, "G"), (1_000_000, "M"), (1_000, "k")]
        guard Swift.abs(self) >= 10_000, let (size, unit) = units.first(where: { Swift.abs(self) >= $0.0 }) else { return grouped }
        let scaled = Double(self) / Double(size)
        // One decimal while it adds a digit that matters (below 100 of the unit).
        let text = Swift.abs(scaled) < 100 && Int(scaled * 10) % 10 != 0
            ? String(Int(scaled * 10) / 10) + "." + String(Swift.abs(Int(scaled * 10) % 10)) : String(Int(scaled))
        return text + unit
    }
}
