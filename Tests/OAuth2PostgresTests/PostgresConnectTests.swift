import Foundation
import OAuth2Postgres
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A database that cannot be reached gives its reason within the connect timeout; none of
/// these tests needs a PostgreSQL server.
@Suite(.timeLimit(.minutes(3))) struct PostgresConnectTests {
    @Test func aClosedPortIsRefusedAtOnceWithTheReason() async throws {
        let port = try Listener().closePort()
        let url = try PostgresURL("postgres://oauth2@127.0.0.1:\(port)/postgres?sslmode=disable")
        let start = ContinuousClock.now
        #expect {
            try PostgresDatabase.open(url, timeout: .seconds(30)) { _ in }
        } throws: { error in
            guard case .unreachable(let database, _) = error as? PostgresStoreError else { return false }
            return database == url.description
        }
        // Well before the timeout: a refusal is not waited out. (Not "within a second": on a
        // loaded machine the full suite has delayed it by seconds.)
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    /// A server that accepts the connection and never answers (a hung host, a wrong service
    /// behind the port) must not hold the command: the deadline ends the wait.
    @Test func aServerThatNeverAnswersTimesOut() async throws {
        let listener = try Listener()
        defer { listener.close() }
        let url = try PostgresURL("postgres://oauth2@127.0.0.1:\(listener.port)/postgres?sslmode=disable")
        let start = ContinuousClock.now
        // Our deadline, or PostgresNIO's connect timeout when a loaded machine runs its timer
        // first: either way a timeout, named.
        #expect {
            try PostgresDatabase.open(url, timeout: .seconds(1)) { _ in }
        } throws: { error in
            switch error as? PostgresStoreError {
            case .timedOut(url.description, 1): true
            case .unreachable(url.description, let reason): reason.localizedCaseInsensitiveContains("timeout")
            default: false
            }
        }
        #expect(ContinuousClock.now - start < .seconds(20))
    }
}

/// A TCP socket on 127.0.0.1 that listens and never accepts: the kernel completes the
/// handshake, and nothing ever answers.
private struct Listener {
    let descriptor: Int32
    let port: Int

    struct Failed: Error { let call: String }

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        guard descriptor >= 0 else { throw Failed(call: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && listen(descriptor, 8) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else { throw Failed(call: "bind/listen") }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }

    /// Closes the socket and returns its port, now one where nothing listens.
    func closePort() -> Int {
        close()
        return port
    }
}
