import Foundation
import OAuth2Core
import Testing
import TestSupport
@testable import OAuth2Server
@testable import OAuth2Store
import ServerTestSupport

/// What anyone who can reach the token endpoint can send, over real sockets.
@Suite struct HardeningTests {
    private static func tokenRequest(_ client: ServerHarness.Credentials, extraHeaders: String = "") -> String {
        let form = "grant_type=client_credentials"
        return "POST /token HTTP/1.1\r\nHost: x\r\nAuthorization: \(ServerHarness.basic(client))\r\n\(extraHeaders)"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(form.utf8.count)\r\n\r\n\(form)"
    }

    // MARK: Memory

    /// After an upgrade request NIO's decoder parses nothing more and would buffer all that
    /// follows: the request is answered without upgrading and the connection closes.
    @Test func anUpgradeRequestIsAnsweredThenClosed() throws {
        let harness = try ServerHarness()
        let connection = try LoopbackSocket(port: harness.port, timeout: 5)
        let upgrade = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: foo\r\n\r\n"
        #expect(connection.send(Array(upgrade.utf8)))
        _ = connection.send([UInt8](repeating: UInt8(ascii: "A"), count: 256 * 1024))
        let answer = String(decoding: connection.receiveUntilClosed(), as: UTF8.self)
        let answers = answer.components(separatedBy: "HTTP/1.1 ").dropFirst()
        #expect(answers.count == 1 && answers.first?.hasPrefix("200") == true)
        #expect(answer.contains("Connection: close\r\n"))
    }

    /// A client that pipelines requests and never reads the answers: the server stops
    /// reading once its answers go unread, so the client's sends stall instead of the
    /// server's memory growing. (Without the pause every byte is taken and answered.)
    @Test func unreadAnswersStopTheServerReading() throws {
        let harness = try ServerHarness()
        let connection = try LoopbackSocket(port: harness.port, timeout: 1)
        // Answers several times the size of the requests, so that they outgrow the
        // sockets' buffers (several MB on loopback) long before the requests do.
        let request = "GET /jwks.json HTTP/1.1\r\nHost: x\r\n\r\n"
        let bytes = Array(String(repeating: request, count: 16 * 1024 * 1024 / request.utf8.count).utf8)
        let sent = connection.sendUntilStalled(bytes)
        #expect(sent < bytes.count / 2, "the server took \(sent) bytes without its answers being read")
    }

    @Test func theGuardKeepsNoEntryPerMadeUpClientId() {
        let guardian = BruteForceGuard(policy: BruteForcePolicy(), now: 1000)
        let address = IPAddress("192.0.2.7")!
        for index in 0..<2000 {
            _ = guardian.recordFailure(address: address, clientId: String(repeating: "x", count: 12_000) + "\(index)",
                                       clientExists: false, now: 1000)
        }
        #expect(guardian.trackedSources == 1)
        _ = guardian.recordFailure(address: address, clientId: "real", clientExists: true, now: 1000)
        #expect(guardian.trackedSources == 2)
    }

    @Test func theGuardForgetsWholeGenerationsAndCountsIPv6By64() {
        var policy = BruteForcePolicy()
        policy.windowSeconds = 60
        policy.coolDownSeconds = 60
        let guardian = BruteForceGuard(policy: policy, now: 0)
        _ = guardian.recordFailure(address: IPAddress("2001:db8:1:2::1")!, clientId: "a", clientExists: false, now: 0)
        _ = guardian.recordFailure(address: IPAddress("2001:db8:1:2::ffff")!, clientId: "a", clientExists: false, now: 1)
        #expect(guardian.trackedSources == 1)
        _ = guardian.recordFailure(address: IPAddress("192.0.2.1")!, clientId: "a", clientExists: false, now: 61)
        #expect(guardian.trackedSources == 2)  // the first generation is now the previous one
        _ = guardian.recordFailure(address: IPAddress("192.0.2.2")!, clientId: "a", clientExists: false, now: 122)
        #expect(guardian.trackedSources == 2)  // the IPv6 /64 is forgotten
        #expect(guardian.verdict(address: IPAddress("2001:db8:1:2::1")!, clientId: "a", now: 122) == .allow)
    }

    // MARK: Lockout

    /// Client ids are public: failures from one address never hold back the real client
    /// at another, even past the point where the failing address is refused.
    @Test func failuresElsewhereNeverLockOutTheRealClient() async throws {
        let harness = try ServerHarness { configuration in
            configuration.bruteForce.slowAfter = 2
            configuration.bruteForce.refuseAfter = 4
            configuration.bruteForce.delayStepMilliseconds = 1
        }
        let victim = try harness.register()
        for _ in 0..<6 { _ = try await harness.token(.init(id: victim.id, secret: "guess"), from: "127.0.0.2") }
        #expect(try await harness.token(victim, from: "127.0.0.2").status == 429)
        let real = try await harness.token(victim, from: "127.0.0.1")
        #expect(real.status == 200)
    }

    /// Forwarding headers name the client only when a trusted proxy sent them.
    @Test func forwardedAddressesCountOnlyFromTrustedProxies() async throws {
        let harness = try ServerHarness { configuration in
            configuration.bruteForce.slowAfter = 1
            configuration.bruteForce.refuseAfter = 3
            configuration.bruteForce.delayStepMilliseconds = 1
            configuration.trustedProxies = [IPAddressRange("127.0.0.1/32")!]
        }
        let client = try harness.register()
        let attacker = ["X-Forwarded-For": "203.0.113.9"]
        for _ in 0..<3 { _ = try await harness.token(.init(id: client.id, secret: "guess"), headers: attacker) }
        #expect(try await harness.token(client, headers: attacker).status == 429)
        #expect(try await harness.token(client, headers: ["Forwarded": "for=203.0.113.10"]).status == 200)
        // 127.0.0.2 is no trusted proxy: its header is ignored, its own address counts.
        for _ in 0..<3 { _ = try await harness.token(.init(id: client.id, secret: "guess"), from: "127.0.0.2", headers: ["X-Forwarded-For": "198.51.100.\(Int.random(in: 1...200))"]) }
        #expect(try await harness.token(client, from: "127.0.0.2", headers: ["X-Forwarded-For": "198.51.100.250"]).status == 429)
        let denial = harness.log.lines.last { $0.message == "token denied" && $0.metadata["reason"] == "rate_limited" }
        #expect(denial?.metadata["address"] == "127.0.0.2")
    }

    // MARK: Disabled clients

    @Test func aDisabledClientNeitherIntrospectsNorRevokes() async throws {
        let harness = try ServerHarness()
        let resourceServer = try harness.register(introspect: true)
        let owner = try harness.register()
        let token = try await harness.accessToken(owner)
        _ = try harness.store.setStatus(clientId: resourceServer.id, .disabled, actor: .cli)
        let introspection = try await harness.introspect(token, as: resourceServer)
        #expect(introspection.status == 400 && introspection.error == "unauthorized_client")
        #expect(introspection.json["active"] == nil)
        _ = try harness.store.setStatus(clientId: owner.id, .disabled, actor: .cli)
        let revocation = try await harness.post("/revoke", "token=" + ServerHarness.formEncode(token),
                                                headers: ["Authorization": ServerHarness.basic(owner)])
        #expect(revocation.status == 400 && revocation.error == "unauthorized_client")
        #expect(try harness.store.listTokens(TokenQuery(clientId: owner.id)).first?.revokedAt == nil)
    }

    // MARK: Slow clients

    /// A head sent a byte at a time is timed from its first byte, not from its end.
    @Test func aHeadSentByteByByteTimesOut() throws {
        let harness = try ServerHarness { $0.limits.readTimeoutSeconds = 1 }
        let connection = try LoopbackSocket(port: harness.port, timeout: 4)
        let started = Date()
        for byte in "GET /healthz HTTP/1.1\r\nHost:".utf8 {
            guard connection.send([byte]) else { break }
            Thread.sleep(forTimeInterval: 0.1)
            if Date().timeIntervalSince(started) > 2.5 { break }
        }
        let answer = String(decoding: connection.receiveUntilClosed(), as: UTF8.self)
        #expect(answer.hasPrefix("HTTP/1.1 408"))
        #expect(Date().timeIntervalSince(started) < 3)
    }

    @Test func oneAddressCannotTakeEveryConnection() throws {
        let harness = try ServerHarness { $0.limits.maxConnectionsPerAddress = 3 }
        let held = try (0..<3).map { _ in try LoopbackSocket(port: harness.port, timeout: 2, from: "127.0.0.3") }
        // Each is served, so each is surely counted before the next.
        for connection in held {
            #expect(connection.send(Array("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".utf8)))
        }
        Thread.sleep(forTimeInterval: 0.2)
        let refused = try RawHTTP.exchange(port: harness.port, Array("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".utf8), timeout: 2,
                                           from: "127.0.0.3")
        #expect(refused.isEmpty)
        let other = try RawHTTP.exchange(port: harness.port, Array("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8),
                                         from: "127.0.0.4")
        #expect(other.hasPrefix("HTTP/1.1 200"))
        _ = held
    }

    // MARK: Health

    /// While no commit can go through (here the store's write lock is held by another
    /// connection), /healthz says so; once one can, it recovers by itself.
    @Test func healthReflectsWhetherTokensCanBeRecorded() async throws {
        let harness = try ServerHarness()
        #expect(try await harness.get("/healthz").status == 200)
        let blocker = try RawConnection(path: harness.store.path, durability: .normal)
        try blocker.prepare("BEGIN IMMEDIATE").run()
        try await Task.sleep(for: .milliseconds(1100))  // past the writer's last commit
        let blocked = try await harness.get("/healthz")
        #expect(blocked.status == 503 && blocked.text.contains("tokens cannot be recorded"))
        try blocker.prepare("ROLLBACK").run()
        #expect(try await harness.get("/healthz").status == 200)
    }

    // MARK: HTTP

    @Test func aHalfClosedClientStillGetsItsToken() throws {
        let harness = try ServerHarness()
        let client = try harness.register()
        let connection = try LoopbackSocket(port: harness.port, timeout: 5)
        #expect(connection.send(Array(Self.tokenRequest(client).utf8)))
        connection.shutdownSending()
        let answer = String(decoding: connection.receiveUntilClosed(), as: UTF8.self)
        #expect(answer.hasPrefix("HTTP/1.1 200") && answer.contains("access_token"))
    }

    @Test func lenientFramingIsRefused() throws {
        let harness = try ServerHarness()
        let twoHosts = try RawHTTP.exchange(port: harness.port, Array("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n".utf8))
        #expect(twoHosts.hasPrefix("HTTP/1.1 400"))
        let noHost = try RawHTTP.exchange(port: harness.port, Array("GET /healthz HTTP/1.1\r\n\r\n".utf8))
        #expect(noHost.hasPrefix("HTTP/1.1 400"))
        let gzip = "POST /token HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"
        #expect(try RawHTTP.exchange(port: harness.port, Array(gzip.utf8)).hasPrefix("HTTP/1.1 501"))
    }

    @Test func anAbsoluteFormTargetIsServed() throws {
        let harness = try ServerHarness()
        let client = try harness.register()
        let request = Self.tokenRequest(client).replacingOccurrences(of: "POST /token", with: "POST http://127.0.0.1:\(harness.port)/token")
        let answer = try RawHTTP.exchange(port: harness.port, Array((request).utf8), timeout: 2)
        #expect(answer.hasPrefix("HTTP/1.1 200") && answer.contains("access_token"))
        #expect(HTTPChannelHandler.path(of: "HTTPS://h:1/jwks.json?x=1") == "/jwks.json")
        #expect(HTTPChannelHandler.path(of: "http://h") == "/")
    }

    /// A head past what NIO's decoder takes (about 80 KB) is too large, not malformed.
    @Test func aHugeHeadGets431() throws {
        let harness = try ServerHarness()
        let head = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "b", count: 100_000) + "\r\n\r\n"
        #expect(try RawHTTP.exchange(port: harness.port, Array(head.utf8)).hasPrefix("HTTP/1.1 431"))
        let split = "GET /healthz HTTP/1.1\r\nHost: x\r\n" + (0..<400).map { "X-H\($0): " + String(repeating: "h", count: 200) + "\r\n" }.joined()
        #expect(try RawHTTP.exchange(port: harness.port, Array(split.utf8)).hasPrefix("HTTP/1.1 431"))
    }

    /// Failed authentications are delayed and logged on every endpoint that authenticates,
    /// and the logged latency includes the delay.
    @Test func introspectionFailuresAreDelayedAndLoggedWithTheirDelay() async throws {
        let harness = try ServerHarness { configuration in
            configuration.bruteForce.slowAfter = 0
            configuration.bruteForce.delayStepMilliseconds = 300
        }
        let caller = try harness.register(introspect: true)
        let started = Date()
        let refused = try await harness.post("/introspect", "token=x", headers: ["Authorization": ServerHarness.basic(.init(id: caller.id, secret: "no"))])
        #expect(refused.status == 401)
        #expect(Date().timeIntervalSince(started) >= 0.3)
        let line = harness.log.lines.first { $0.message == "introspect denied" }
        #expect(line?.metadata["reason"] == "invalid_client")
        #expect((Double(line?.metadata["latency_ms"] ?? "") ?? 0) >= 300)
    }
}
