import ArgumentParser
import OAuth2Core

/// Option values with their own syntax, validated by ArgumentParser (bad ones are usage errors).
struct DurationOption: ExpressibleByArgument {
    let seconds: Int

    init?(argument: String) {
        guard let seconds = DurationText.parse(argument) else { return nil }
        self.seconds = seconds
    }

    static var defaultValueDescription: String { "a duration such as 90s, 15m, 24h or 7d" }
}

extension TokenFormat: ExpressibleByArgument {}
extension SigningAlgorithm: ExpressibleByArgument {}

/// `--scope "a b" --scope c` → ["a", "b", "c"].
func scopeNames(_ values: [String]) -> [String] {
    values.flatMap { $0.split(separator: " ").map(String.init) }
}
