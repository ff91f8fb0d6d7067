import Crypto

/// Bytes from BoringSSL's CSPRNG (seeded from the kernel's `getrandom(2)`), which serves
/// each request from user space instead of a system call per eight bytes.
public enum RandomBytes {
    public static func make(count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        return SymmetricKey(size: SymmetricKeySize(bitCount: count * 8)).withUnsafeBytes { Array($0) }
    }
}

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
}
