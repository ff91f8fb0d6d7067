/// What a token is asked for: its scopes and RFC 8707 resources. Tokens are cached per key,
/// order-insensitively; build a key once and reuse it on hot paths.
public struct TokenKey: Sendable, Hashable, CustomStringConvertible {
    public let scopes: [String]
    public let resources: [String]

    public init(scopes: [String] = [], resources: [String] = []) {
        self.scopes = Array(Set(scopes)).sorted()
        self.resources = Array(Set(resources)).sorted()
    }

    public var description: String {
        "scope \"\(scopes.joined(separator: " "))\"" + (resources.isEmpty ? "" : " for \(resources.joined(separator: ", "))")
    }

    /// The token request's parameters beyond the grant type.
    var formParameters: [(String, String)] {
        (scopes.isEmpty ? [] : [("scope", scopes.joined(separator: " "))]) + resources.map { ("resource", $0) }
    }
}
