/// An `application/x-www-form-urlencoded` body (or Basic credential part) decoded as the
/// HTML URL-encoding rules and RFC 6749 Appendix B require: `+` is a space, `%XX` a byte,
/// and the result must be UTF-8. It works on concrete byte arrays: generic collections
/// passed in from another module would run unspecialized on every request.
public struct FormBody: Sendable {
    private var values: [String: [String]] = [:]

    public init(values: [String: [String]]) { self.values = values }

    public static func parse(_ bytes: [UInt8]) throws(OAuthError) -> FormBody {
        var values: [String: [String]] = [:]
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.count
            if end > start {
                let pair = bytes[start..<end]
                let equals = pair.firstIndex(of: UInt8(ascii: "=")) ?? end
                let name = try decode(bytes[start..<equals])
                let value = equals < end ? try decode(bytes[(equals + 1)..<end]) : ""
                values[name, default: []].append(value)
            }
            start = end + 1
        }
        return FormBody(values: values)
    }

    /// A parameter that may appear at most once. Empty values count as absent (§3.1).
    public func single(_ name: String) throws(OAuthError) -> String? {
        let present = (values[name] ?? []).filter { !$0.isEmpty }
        guard present.count <= 1 else { throw OAuthError(.invalidRequest, "parameter \(name) is repeated") }
        return present.first
    }

    /// A parameter that may repeat (RFC 8707 `resource`).
    public func all(_ name: String) -> [String] {
        (values[name] ?? []).filter { !$0.isEmpty }
    }

    /// Percent-decodes one form component into UTF-8 text.
    public static func decode(_ component: ArraySlice<UInt8>) throws(OAuthError) -> String {
        if !component.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) {
            return try utf8(component)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.count)
        var index = component.startIndex
        while index != component.endIndex {
            let byte = component[index]
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                let high = component.index(after: index)
                guard high != component.endIndex, component.index(after: high) != component.endIndex,
                      let h = HexDigit.value(component[high]), let l = HexDigit.value(component[component.index(after: high)])
                else { throw OAuthError(.invalidRequest, "malformed percent-encoding in the request body") }
                bytes.append(h << 4 | l)
                index = component.index(after: high)
            default:
                bytes.append(byte)
            }
            index = component.index(after: index)
        }
        return try utf8(bytes)
    }

    private static func utf8(_ bytes: some Collection<UInt8> & Sendable) throws(OAuthError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw OAuthError(.invalidRequest, "the request body is not valid UTF-8")
        }
        return text
    }
}
