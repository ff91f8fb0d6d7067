import Foundation
import TestSupport
import Testing

/// Private signing keys sealed at rest with a key-encryption key, through the real binary.
@Suite(.serialized) struct SealedKeysTests {
    let cli: OAuth2Binary

    init() throws { cli = try OAuth2Binary() }

    /// A key-encryption key file of 32 random bytes, base64 as `openssl rand -base64 32` writes it.
    func keyFile(_ name: String) throws -> String {
        let path = cli.directory.appendingPathComponent(name).path
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max) }
        try Data((Data(bytes).base64EncodedString() + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    var storeHoldsAPrivateKeyInTheClear: Bool {
        get throws { try cli.storeBytes().range(of: Data("PRIVATE KEY".utf8)) != nil }
    }

    func kids() throws -> [String] {
        try #require(try cli.run(["key", "list", "--json"]).json() as? [[String: Any]]).compactMap { $0["kid"] as? String }.sorted()
    }

    /// Runs `serve` until it exits by itself (at most 20 s) and returns its status and log.
    func serveUntilItExits(_ extra: [String]) throws -> (status: Int32, log: String) {
        let process = try cli.launch(["serve", "--port", "0"] + extra)
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return (process.stop(), (try? String(contentsOfFile: cli.logPath, encoding: .utf8)) ?? "")
    }

    @Test func aSealedStoreKeepsNoPrivateKeyInTheClearAndServesOnlyWithItsKey() throws {
        defer { cli.cleanUp() }
        let kek = try keyFile("kek")
        #expect(try cli.run(["key", "rotate", "--key-encryption-key-file", kek]).status == 0)
        #expect(try cli.run(["key", "rotate"], environment: ["OAUTH2_KEK_FILE": kek]).status == 0)
        #expect(try !storeHoldsAPrivateKeyInTheClear)

        let withoutKey = try cli.run(["key", "rotate"])
        #expect(withoutKey.status == 1)
        #expect(withoutKey.stderr.contains("are sealed: give their key-encryption key with --key-encryption-key-file or $OAUTH2_KEK_FILE"))
        let refused = try serveUntilItExits([])
        #expect(refused.status == 1 && refused.log.contains("are sealed"), "\(refused.log)")
        let wrong = try serveUntilItExits(["--key-encryption-key-file", try keyFile("other")])
        #expect(wrong.status == 1 && wrong.log.contains("does not open the signing keys"), "\(wrong.log)")
        let short = cli.directory.appendingPathComponent("short").path
        try Data("too short\n".utf8).write(to: URL(fileURLWithPath: short))
        let tooShort = try cli.run(["key", "rotate", "--key-encryption-key-file", short])
        #expect(tooShort.status == 1 && tooShort.stderr.contains("needs at least 32 random bytes"))

        // With its key the store serves tokens signed by the active sealed key.
        try cli.run(["scope", "add", "read"])
        let client = try #require(try cli.run(["client", "add", "svc", "--scope", "read", "--json"]).json() as? [String: Any])
        let launched = try cli.launchServer(["--key-encryption-key-file", kek])
        let (server, port) = (launched.process, launched.port)
        defer { server.stop() }
        let jwks = try LoopbackHTTP.send(port: port, "GET", "/jwks.json")
        #expect(try kids().allSatisfy { jwks.text.contains($0) })
        let answer = try LoopbackHTTP.requestToken(port: port, authorization: LoopbackHTTP.basic(client["client_id"] as! String, client["client_secret"] as! String))
        #expect(answer.status == 200)
        #expect(try !storeHoldsAPrivateKeyInTheClear)
    }

    @Test func resealSealsAPlainStoreAndChangesItsKey() throws {
        defer { cli.cleanUp() }
        #expect(try cli.run(["key", "rotate"]).status == 0)
        #expect(try storeHoldsAPrivateKeyInTheClear, "without a key-encryption key, keys are plaintext PEM as before")
        let kids = try kids()
        let first = try keyFile("first"), second = try keyFile("second")

        #expect(try cli.run(["key", "reseal", "--new-key-encryption-key-file", first]).status == 0)
        #expect(try !storeHoldsAPrivateKeyInTheClear)
        #expect(try cli.run(["key", "reseal", "--new-key-encryption-key-file", second]).status == 1)
        let resealed = try cli.run(["key", "reseal", "--key-encryption-key-file", first, "--new-key-encryption-key-file", second])
        #expect(resealed.status == 0, "\(resealed.stderr)")
        #expect(try !storeHoldsAPrivateKeyInTheClear)

        #expect(try cli.run(["key", "rotate", "--key-encryption-key-file", first]).stderr.contains("does not open"))
        #expect(try cli.run(["key", "rotate", "--key-encryption-key-file", second]).status == 0)
        let after = try self.kids()
        #expect(after.count == 2 && Set(kids).isSubset(of: after))
        let actions = try #require(try cli.run(["audit", "--json"]).json() as? [[String: Any]]).compactMap { $0["action"] as? String }
        #expect(actions.filter { $0 == "key.reseal" }.count == 2)
    }
}
