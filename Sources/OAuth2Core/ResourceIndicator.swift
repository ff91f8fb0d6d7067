import Foundation

/// RFC 8707 §2: a resource (audience) is an absolute URI without a fragment.
public enum ResourceIndicator {
    public static func isValid(_ text: String) -> Bool {
        guard !text.contains("#"), !text.contains(" "),
              let components = URLComponents(string: text),
              let scheme = components.scheme, !scheme.isEmpty
        else { return false }
        return !(components.host ?? "").isEmpty || !components.path.isEmpty
    }
}
