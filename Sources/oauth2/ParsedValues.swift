import ArgumentParser
import OAuth2Core

/// A duration option, read within the range its use allows: a value outside it is a usage
/// error that names the range (`@Option(transform: DurationOption.within(.secretGrace))`).
struct DurationOption: Sendable, CustomStringConvertible {
    let seconds: Int

    init(seconds: Int) { self.seconds = seconds }

    static func within(_ range: DurationRange) -> @Sendable (String) throws -> DurationOption {
        { text in DurationOption(seconds: try range.parse(text)) }
    }

    /// How help shows the default: `24h`.
    var description: String { DurationText.format(seconds) }
}

extension TokenFormat: ExpressibleByArgument {}
extension SigningAlgorithm: ExpressibleByArgument {}

/// `--scope "a b" --scope c` → ["a", "b", "c"].
func scopeNames(_ values: [String]) -> [String] {
    values.flatMap { $0.split(separator: " ").map(String.init) }
}
