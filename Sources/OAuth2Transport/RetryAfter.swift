import Foundation

/// `Retry-After` (RFC 9110 §10.2.3) in its delay-seconds form; an HTTP date or anything
/// else gives nil, and the caller's own backoff applies.
public enum RetryAfter {
    public static func seconds(_ value: String?) -> Int? {
        guard let value, let seconds = Int(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 else { return nil }
        return seconds
    }
}
