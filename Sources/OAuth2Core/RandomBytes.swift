import Foundation

/// Bytes from the kernel's CSPRNG (`getrandom(2)`, through glibc's `arc4random_buf`),
/// drawn 4 KiB at a time and handed out from user space. Drawn per call, a token would cost
/// several system calls (swift-crypto's own helper asks for 8 bytes per call).
public enum RandomBytes {
    public static func make(count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        guard count <= RandomPool.size else { return RandomPool.draw(count) }
        return pool.take(count)
    }

    private static let pool = RandomPool()
}

/// Bytes are handed out once and wiped from the pool as they go.
private final class RandomPool: @unchecked Sendable {
    static let size = 4096
    // `bytes` and `next` are guarded by `lock`.
    private let lock = NSLock()
    private var bytes = RandomPool.draw(size)
    private var next = 0

    func take(_ count: Int) -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        if next + count > bytes.count {
            bytes = Self.draw(Self.size)
            next = 0
        }
        let taken = Array(bytes[next..<next + count])
        bytes.replaceSubrange(next..<next + count, with: repeatElement(0, count: count))
        next += count
        return taken
    }

    static func draw(_ count: Int) -> [UInt8] {
        var drawn = [UInt8](repeating: 0, count: count)
        drawn.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
        return drawn
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

    /// The bytes of unpadded base64url text; nil if it holds anything else.
    public static func decode(_ text: Substring.UTF8View) -> [UInt8]? {
        guard text.count % 4 != 1 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for character in text {
            guard let value = value(of: character) else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return bytes
    }

    private static func value(of character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0") + 52
        case UInt8(ascii: "-"): 62
        case UInt8(ascii: "_"): 63
        default: nil
        }
    }
}
