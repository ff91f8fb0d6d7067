import Foundation
import TestSupport
import Testing

/// `serve --wal-limit`: the WAL file stays near its bound under steady issuance.
@Suite(.serialized) struct WALLimitTests {
    let cli: OAuth2Binary

    init() throws { cli = try OAuth2Binary() }

    var walSize: Int { (try? FileManager.default.attributesOfItem(atPath: cli.dbPath + "-wal")[.size] as? Int) ?? 0 }

    @Test func theWALStaysNearItsLimit() async throws {
        defer { cli.cleanUp() }
        try cli.run(["scope", "add", "read"])
        let client = try #require(try cli.run(["client", "add", "svc", "--scope", "read", "--json"]).json() as? [String: Any])
        let launched = try cli.launchServer(["--wal-limit", "1"])
        let (server, port) = (launched.process, launched.port)
        defer { server.stop() }
        let authorization = LoopbackHTTP.basic(client["client_id"] as! String, client["client_secret"] as! String)
        let largest = Tally()
        let issued = Tally()
        await onThreadOfItsOwn { [self] in
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                for _ in 0..<250 {
                    let response = try? LoopbackHTTP.requestToken(port: port, authorization: authorization)
                    if response?.status == 200 { issued.add(1) }
                    largest.max(walSize)
                }
            }
        }
        // 2,000 tokens write about 11 MB of WAL; the bound holds it to 1 MiB plus what
        // arrives between two checkpointer ticks.
        #expect(issued.total == 2000)
        #expect(largest.value < 4 << 20, "the WAL reached \(largest.value) bytes")
        #expect(try cli.run(["serve", "--wal-limit", "0"]).status == 2)
    }
}

final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var largest = 0
    private var sum = 0
    func max(_ value: Int) { lock.withLock { largest = Swift.max(largest, value) } }
    func add(_ value: Int) { lock.withLock { sum += value } }
    var value: Int { lock.withLock { largest } }
    var total: Int { lock.withLock { sum } }
}
