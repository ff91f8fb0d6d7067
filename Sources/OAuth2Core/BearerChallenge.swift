import Foundation

/// The `WWW-Authenticate: Bearer` challenge of RFC 6750 §3: written by resource servers,
/// read by clients deciding whether to drop a cached token.
public struct BearerChallenge: Sendable, Equatable {
    /// `invalid_request`, `invalid_token`, `insufficient_scope`; nil when no token came.
    public var error: String?
    public var errorDescription: String?
    /// The scopes the resource needs (for `insufficient_scope`).
    public var scope: String?

    public init(error: String? = nil, errorDescription: String? = nil, scope: String? = nil) {
        self.error = error
        self.errorDescription = errorDescription
        self.scope = scope
    }

    /// The header's value. Descriptions are this library's own words; quotes and
    /// backslashes are left out so the quoted-string stays whole.
    public var headerValue: String {
        let parameters = [("error", error), ("error_description", errorDescription), ("scope", scope)]
            .compactMap { name, value in value.map { "\(name)=\"\(Self.quotable($0))\"" } }
        return parameters.isEmpty ? "Bearer" : "Bearer " + parameters.joined(separator: ", ")
    }

    /// The Bearer challenge in a `WWW-Authenticate` value, or nil when it has none. Reads
    /// `auth-param`s as `name="value"` or `name=token`, which is what RFC 6750 servers send.
    public static func parse(_ header: String) -> BearerChallenge? {
        guard let start = header.range(of: "Bearer", options: .caseInsensitive) else { return nil }
        var challenge = BearerChallenge()
        var rest = header[start.upperBound...]
        while let equals = rest.firstIndex(of: "=") {
            let name = rest[..<equals].trimmingCharacters(in: CharacterSet(charactersIn: " ,")).lowercased()
            rest = rest[rest.index(after: equals)...]
            let value: Substring
            if rest.first == "\"", let close = rest.dropFirst().firstIndex(of: "\"") {
                value = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...]
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end]
                rest = rest[end...]
            }
            switch name {
            case "error": challenge.error = String(value)
            case "error_description": challenge.errorDescription = String(value)
            case "scope": challenge.scope = String(value)
            default: continue
            }
        }
        return challenge
    }

    private static func quotable(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "\"" && $0 != "\\" && $0.value >= 0x20 && $0.value < 0x7F })
    }
}
