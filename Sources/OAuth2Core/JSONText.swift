/// Builds small JSON documents on the hot path without an encoder's overhead.
public enum JSONText {
    /// A JSON string literal for `text`, quotes included (RFC 8259 §7).
    public static func quote(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + 2)
        appendQuoted(text, to: &result)
        return result
    }

    /// Appends `text` as a JSON string literal, quotes included, without a string of its own.
    public static func appendQuoted(_ text: String, to result: inout String) {
        result += "\""
        // Nearly every value (ids, scopes, URLs, base64url) needs no escaping at all.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            result += text
            result += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let control where control.value < 0x20:
                result += "\\u" + HexDigit.text(UInt64(control.value), width: 4)
            default: result.unicodeScalars.append(scalar)
            }
        }
        result += "\""
    }

    /// `{"k":v,...}` from already-encoded values, in the given order; nil values are left out.
    public static func object(_ members: KeyValuePairs<String, String?>) -> String {
        var result = "{"
        result.reserveCapacity(members.reduce(2) { $0 + $1.key.utf8.count + ($1.value?.utf8.count ?? 0) + 4 })
        for (key, value) in members {
            guard let value else { continue }
            if result.utf8.count > 1 { result += "," }
            appendQuoted(key, to: &result)
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
