import Foundation
import Synchronization
import TestSupport
import Testing

/// The raw-socket helper shares its process with event loops: a descriptor it closed twice
/// would close whatever another thread had opened under that number in between.
@Suite struct LoopbackSocketTests {
    @Test func aRefusedConnectClosesItsSocketOnce() throws {
        // A port held bound and not listening: connects to it are refused, and no client
        // socket can take it and connect to itself, as one could to a port merely found free.
        let held = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(held) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(held, $0, length) == 0 && getsockname(held, $0, &length) == 0 }
        }
        try #require(bound)
        let closedPort = Int(UInt16(bigEndian: address.sin_port))
        let stop = Atomic<Bool>(false)
        let lostDescriptors = Atomic<Int>(0)
        // Another thread keeps taking the lowest free descriptors, the ones a second close
        // would hit, and checks that each is still its own when it closes it.
        let neighbour = Thread {
            var ends: [Int32] = [0, 0]
            while !stop.load(ordering: .relaxed) {
                guard pipe(&ends) == 0 else { continue }
                if close(ends[0]) != 0 { lostDescriptors.add(1, ordering: .relaxed) }
                if close(ends[1]) != 0 { lostDescriptors.add(1, ordering: .relaxed) }
            }
        }
        neighbour.start()
        defer { stop.store(true, ordering: .relaxed) }
        for _ in 0..<5_000 {
            #expect(throws: RawHTTPError.self) { try LoopbackSocket(port: closedPort) }
        }
        #expect(lostDescriptors.load(ordering: .relaxed) == 0)
    }
}
