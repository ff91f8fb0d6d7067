import Foundation
import Testing
import TestSupport

/// The test support's child processes get none of the test process's descriptors.
@Suite struct ChildProcessTests {
    /// A socket opened without close-on-exec, as NIO opens every one, is not the child's: a
    /// daemon the child left behind would otherwise hold it (and its connection) open.
    @Test func aChildInheritsNoSocketOfTheTestProcess() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor > 2)
        defer { close(descriptor) }
        let result = try ChildProcess.run("/bin/sh", ["-c", "ls /proc/$$/fd"])
        let inherited = Set(result.stdout.split(separator: "\n").map(String.init))
        #expect(inherited == ["0", "1", "2"], "the child holds \(inherited.sorted()), the socket is \(descriptor)")
    }
}
