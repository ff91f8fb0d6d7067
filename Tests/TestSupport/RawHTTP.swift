import Foundation

/// Bytes over a plain TCP socket, for requests no well-behaved HTTP client would send.
public enum RawHTTP {
    /// Sends `bytes`, then reads until the server closes or `timeout` passes.
    public static func exchange(port: Int, _ bytes: [UInt8], timeout: TimeInterval = 5) throws -> String {
        String(decoding: try exchangeBytes(port: port, bytes, timeout: timeout), as: UTF8.self)
    }

    public static func exchangeBytes(port: Int, _ bytes: [UInt8], timeout: TimeInterval = 5) throws -> [UInt8] {
        let connection = try RawConnection(port: port, timeout: timeout)
        _ = connection.send(bytes)
        return connection.receiveUntilClosed()
    }
}

/// One loopback TCP connection, driven a call at a time.
public final class RawConnection {
    private let descriptor: Int32

    public init(port: Int, timeout: TimeInterval = 5) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw RawHTTPError.connectFailed(port: port)
        }
        var time = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    /// Whether every byte went out (false once the peer has reset the connection).
    public func send(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { Foundation.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// Everything until the peer closes its side (or the timeout passes, or a reset).
    public func receiveUntilClosed() -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return received
    }
}

public enum RawHTTPError: Error {
    case connectFailed(port: Int)
}

/// A port nobody listens on right now.
public func freeLoopbackPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
    }
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}
