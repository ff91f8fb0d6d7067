import Foundation
import TestSupport
import Testing

/// `oauth2 serve` with its store on a small tmpfs that fills up, then gets room again.
@Suite(.serialized) struct FullDiskTests {
    var cli: OAuth2Binary
    let mountPoint: URL

    init() throws {
        cli = try OAuth2Binary()
        mountPoint = cli.directory.appendingPathComponent("small")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        try #require(Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", mountPoint.path]) == 0,
                     "mounting a tmpfs needs root")
        cli.storeDirectory = mountPoint
    }

    func cleanUp() {
        _ = Self.run("/bin/umount", ["-l", mountPoint.path])
        cli.cleanUp()
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        (try? ChildProcess.run(tool, arguments, timeout: 30))?.status ?? -1
    }

    /// Writes a file until the filesystem has no room left.
    func fill(_ path: String) {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        let chunk = Data(count: 64 * 1024)
        while (try? handle.write(contentsOf: chunk)) != nil {}
        let small = Data(count: 512)
        while (try? handle.write(contentsOf: small)) != nil {}
    }

    /// Issues tokens from 8 connections at once until `until` says stop or 45 s pass;
    /// returns every answer.
    func hammer(port: Int, clientId: String, secret: String, until stop: @escaping @Sendable ([LoopbackHTTP.Response]) -> Bool) -> [LoopbackHTTP.Response] {
        let results = ResultBox()
        let deadline = Date().addingTimeInterval(45)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            while Date() < deadline, !stop(results.responses) {
                guard let response = try? LoopbackHTTP.requestToken(port: port, authorization: LoopbackHTTP.basic(clientId, secret)) else { continue }
                results.add(response)
            }
        }
        return results.responses
    }

    @Test func issuanceRecoversByItselfOnceTheDiskHasRoomAgain() async throws {
        defer { cleanUp() }
        try cli.run(["scope", "add", "read"])
        let client = try #require(try cli.run(["client", "add", "svc", "--scope", "read", "--json"]).json() as? [String: Any])
        let (clientId, secret) = (client["client_id"] as! String, client["client_secret"] as! String)
        let launched = try cli.launchServer()
        let (server, port) = (launched.process, launched.port)
        defer { server.stop() }

        let filler = mountPoint.appendingPathComponent("filler").path
        fill(filler)
        let whileFull = await onThreadOfItsOwn { [self] in
            hammer(port: port, clientId: clientId, secret: secret) { responses in
                responses.suffix(50).count == 50 && responses.suffix(50).allSatisfy { $0.status == 503 }
            }
        }
        #expect(whileFull.allSatisfy { [200, 503].contains($0.status) })
        #expect(whileFull.last?.error == "temporarily_unavailable")

        // Room again, and the burst goes on, writing more WAL (5.6 KB a token) than the disk
        // holds before the WAL's limit: tokens must keep flowing without a restart.
        try FileManager.default.removeItem(atPath: filler)
        let afterwards = await onThreadOfItsOwn { [self] in
            hammer(port: port, clientId: clientId, secret: secret) { responses in
                responses.filter { $0.status == 200 }.count >= 3000
            }
        }
        let issued = afterwards.filter { $0.status == 200 }
        #expect(issued.count >= 3000, "\(afterwards.count) answers after space was freed, \(issued.count) of them 200")
        #expect(afterwards.allSatisfy { [200, 503].contains($0.status) })

        #expect(server.stop() == 0)
        let check = try ChildProcess.run("/usr/bin/sqlite3", [cli.dbPath, "PRAGMA integrity_check; SELECT count(*) FROM token;"])
        let lines = check.stdout.split(separator: "\n")
        #expect(lines.first == "ok", "sqlite3: \(check.stderr)")
        let answered = (whileFull + afterwards).filter { $0.status == 200 }.count
        #expect((lines.last.flatMap { Int($0) } ?? 0) >= answered, "every answered token is recorded")
    }
}
