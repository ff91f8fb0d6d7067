import Foundation

/// Bytes over a plain TCP socket, for requests no well-behaved HTTP client would send.
public enum RawHTTP {
    /// Sends `bytes`, then reads until the server closes or `timeout` passes.
    public static func exchange(port: Int, _ bytes: [UInt8], timeout: TimeInterval = 5, from source: String = "127.0.0.1") throws -> String {
        String(decoding: try exchangeBytes(port: port, bytes, timeout: timeout, from: source), as: UTF8.self)
    }

    public static func exchangeBytes(port: Int, _ bytes: [UInt8], timeout: TimeInterval = 5, from source: String = "127.0.0.1") throws -> [UInt8] {
        let connection = try LoopbackSocket(port: port, timeout: timeout, from: source)
        _ = connection.send(bytes)
        return connection.receiveUntilClosed()
    }
}

/// One loopback TCP connection, driven a call at a time.
public final class LoopbackSocket {
    private let descriptor: Int32

    /// `source`: the loopback address to connect from (any of 127.0.0.0/8 works on
    /// Linux), so that tests can play several clients.
    ///
    /// A failed connect closes the socket before `descriptor` is set: once a class is fully
    /// initialized, a throwing init still runs `deinit`, which would close the number a second
    /// time, by then perhaps another thread's socket (NIO traps on the EBADF that follows).
    public init(port: Int, timeout: TimeInterval = 5, from source: String = "127.0.0.1") throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = inet_addr(source)
        _ = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
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
        var time = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        self.descriptor = descriptor
    }

    /// Closes the sending side only (the server sees end of input, the answer can still come).
    public func shutdownSending() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Sends as much of `bytes` as the peer takes before a send times out; returns how much.
    public func sendUntilStalled(_ bytes: [UInt8]) -> Int {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Foundation.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { break }
            sent += count
        }
        return sent
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
    case bindFailed
}

/// A loopback port held bound and not listening: a connect to it is refused, and no other
/// socket takes it (not even a client's, which on a port merely found free can connect to
/// itself) until `close()`.
public final class HeldLoopbackPort: Sendable {
    public let port: Int
    private let descriptor: Int32

    public init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else {
            _ = Foundation.close(descriptor)
            throw RawHTTPError.bindFailed
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    public func close() { _ = Foundation.close(descriptor) }
}

/// A port nobody listens on right now (another process may take it before it is used).
public func freeLoopbackPort() throws -> Int {
    let held = try HeldLoopbackPort()
    held.close()
    return held.port
}
