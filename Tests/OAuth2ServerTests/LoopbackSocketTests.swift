import Foundation
import Synchronization
import TestSupport
import Testing

/// The raw-socket helper shares its process with event loops: a descriptor it closed twice
/// would close whatever another thread had opened under that number in between.
@Suite struct LoopbackSocketTests {
    @Test func aRefusedConnectClosesItsSocketOnce() throws {
        let closed = try HeldLoopbackPort()
        defer { closed.close() }
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
            #expect(throws: RawHTTPError.self) { try LoopbackSocket(port: closed.port) }
        }
        #expect(lostDescriptors.load(ordering: .relaxed) == 0)
    }
}
