/// Builds small JSON documents on the hot path without an encoder's overhead.
public enum JSONText {
    /// A JSON string literal for `text`, quotes included (RFC 8259 §7).
    public static func quote(_ text: String) -> String {
        // Nearly every value (ids, scopes, URLs, base64url) needs no escaping at all.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let control where control.value < 0x20:
                result += "\\u" + String(repeating: "0", count: 4 - String(control.value, radix: 16).count) + String(control.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// `{"k":v,...}` from already-encoded values, in the given order; nil values are left out.
    public static func object(_ members: KeyValuePairs<String, String?>) -> String {
        var result = "{"
        result.reserveCapacity(members.reduce(2) { $0 + $1.key.utf8.count + ($1.value?.utf8.count ?? 0) + 4 })
        for (key, value) in members {
            guard let value else { continue }
            if result.utf8.count > 1 { result += "," }
            result += quote(key)
            result += ":"
            result += value
        }
        return result + "}"
    }

    public static func array(_ values: [String]) -> String {
        "[" + values.map(quote).joined(separator: ",") + "]"
    }

    /// An `aud` claim (RFC 7519 §4.1.3): a single string for one audience, else an array.
    public static func audience(_ audiences: [String]) -> String {
        audiences.count == 1 ? quote(audiences[0]) : array(audiences)
    }
}
