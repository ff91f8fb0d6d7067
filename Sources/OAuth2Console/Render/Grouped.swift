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
