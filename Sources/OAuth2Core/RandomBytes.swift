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
