/// Unpadded base64url (RFC 4648 §5), as JOSE, our secrets and our tokens use it.
/// Written out, over a concrete array, because it runs several times per issued token
/// (a generic version called from another module runs unspecialized, byte by byte).
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    public static func encode(_ input: [UInt8]) -> String {
        let length = (input.count * 4 + 2) / 3
        return String(unsafeUninitializedCapacity: length) { output in
            var out = 0
            var index = 0
            while index + 3 <= input.count {
                let value = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
                for shift in [18, 12, 6, 0] {
                    output[out] = alphabet[Int(value >> UInt32(shift) & 0x3F)]
                    out += 1
                }
                index += 3
            }
            let rest = input.count - index
            if rest > 0 {
                let value = UInt32(input[index]) << 16 | (rest == 2 ? UInt32(input[index + 1]) << 8 : 0)
                for shift in [18, 12, 6].prefix(rest + 1) {
                    output[out] = alphabet[Int(value >> UInt32(shift) & 0x3F)]
                    out += 1
                }
            }
            return out
        }
    }

    /// The bytes of unpadded base64url text; nil if it holds anything else.
    public static func decode(_ text: Substring.UTF8View) -> [UInt8]? {
        Base64Decoder.decode(text, alphabet: .url)
    }
}

/// Base64 decoding by hand, in either alphabet: Foundation's decoder, on Linux, costs more
/// than the rest of parsing a request.
public enum Base64Decoder {
    public enum Alphabet {
        /// RFC 4648 §4 with its `=` padding, as HTTP Basic credentials use it.
        case standard
        /// RFC 4648 §5 without padding, as JOSE uses it.
        case url
    }

    /// The bytes `text` encodes; nil for a character outside the alphabet, misplaced
    /// padding or an impossible length.
    public static func decode(_ text: Substring.UTF8View, alphabet: Alphabet) -> [UInt8]? {
        var digits = text[...]
        if alphabet == .standard {
            guard digits.count % 4 == 0 else { return nil }
            for _ in 0..<2 where digits.last == UInt8(ascii: "=") { digits = digits.dropLast() }
        }
        guard digits.count % 4 != 1 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for character in digits {
            guard let value = value(of: character, in: alphabet) else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return bytes
    }

    private static func value(of character: UInt8, in alphabet: Alphabet) -> UInt8? {
        switch (character, alphabet) {
        case (UInt8(ascii: "A")...UInt8(ascii: "Z"), _): character - UInt8(ascii: "A")
        case (UInt8(ascii: "a")...UInt8(ascii: "z"), _): character - UInt8(ascii: "a") + 26
        case (UInt8(ascii: "0")...UInt8(ascii: "9"), _): character - UInt8(ascii: "0") + 52
        case (UInt8(ascii: "-"), .url), (UInt8(ascii: "+"), .standard): 62
        case (UInt8(ascii: "_"), .url), (UInt8(ascii: "/"), .standard): 63
        default: nil
        }
    }
}
