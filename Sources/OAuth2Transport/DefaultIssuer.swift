import Foundation

/// The issuer command-line programs talk to when none is given: `$OAUTH2_ISSUER`, else the
/// address `oauth2 serve` listens on by default.
public enum DefaultIssuer {
    public static let environmentVariable = "OAUTH2_ISSUER"

    public static func resolve(_ given: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        given ?? environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 } ?? "http://127.0.0.1:8080"
    }
}
