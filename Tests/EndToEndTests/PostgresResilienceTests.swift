import Foundation
import OAuth2Postgres
import PostgresTestSupport
import Testing
import TestSupport

/// Servers on PostgreSQL under load while the database crashes and restarts, and while one
/// of them is killed: no token is answered that was not recorded, the servers answer 503
/// meanwhile, and they recover by themselves.
@Suite(.serialized, .timeLimit(.minutes(3))) struct PostgresResilienceTests {
    let cli: OAuth2Binary

    init() throws { cli = try OAuth2Binary() }

    /// Token requests sent from a few threads until stopped, each answer kept with its port.
    final class Load: @unchecked Sendable {
        struct Answer {
            let port: Int
            let status: Int
            let jti: String?
            let at: Date
        }

        private let lock = NSLock()
        private var answers: [Answer] = []
        private var stopped = false
        private let done = DispatchGroup()

        init(ports: [Int], clientId: String, secret: String, threads: Int = 2) {
            for thread in 0..<threads {
                let port = ports[thread % ports.count]
                done.enter()
                Thread.detachNewThread { [self] in
                    defer { done.leave() }
                    while !lock.withLock({ stopped }) {
                        let response = try? LoopbackHTTP.requestToken(port: port, authorization: LoopbackHTTP.basic(clientId, secret))
                        // A refused connection (the server killed) is no answer.
                        guard let response else { Thread.sleep(forTimeInterval: 0.01); continue }
                        let jti = ServeTests.claims(of: response.json["access_token"] as? String ?? "")["jti"] as? String
                        lock.withLock { answers.append(Answer(port: port, status: response.status, jti: jti, at: Date())) }
                    }
                }
            }
        }

        var sofar: [Answer] { lock.withLock { answers } }

        func stop() -> [Answer] {
            lock.withLock { stopped = true }
            done.wait()
            return sofar
        }
    }

    /// A client registered through the CLI on `url`, and `count` servers serving it.
    func serve(_ url: PostgresURL, count: Int) async throws -> (id: String, secret: String, ports: [Int], servers: [Process]) {
        #expect(try await cli.runOffThePool(["scope", "add", "read", "--db", url.description]).status == 0)
        let registration = try #require(try await cli.runOffThePool(["client", "add", "svc", "--scope", "read", "--json",
                                                                     "--db", url.description]).json() as? [String: Any])
        let launched = try await onThreadOfItsOwn { [cli] in Result { try cli.launchServers(count, db: url.description) } }.get()
        return (try #require(registration["client_id"] as? String), try #require(registration["client_secret"] as? String),
                launched.map(\.port), launched.map(\.process))
    }

    func recordedJTIs(_ url: PostgresURL) async throws -> Set<String> {
        Set(try await TestPostgres.values("SELECT jti FROM token", as: String.self, in: url))
    }

    func health(_ port: Int) -> Int {
        (try? LoopbackHTTP.send(port: port, "GET", "/healthz").status) ?? 0
    }

    /// The database crashes under load (its server stopped at once, without a checkpoint)
    /// and starts again, recovering from its WAL. Meanwhile /healthz says 503 and tokens are
    /// refused with 503; then the same server process answers 200 again. Every token answered,
    /// before the crash and after, is in the recovered database.
    ///
    /// A cluster of the test's own: the other suites' databases stay up.
    @Test func theDatabaseCrashedAndRestartedUnderLoad() async throws {
        defer { cli.cleanUp() }
        let cluster = try await onThreadOfItsOwn { Result { try PostgresCluster() } }.get()
        defer { cluster.remove() }
        let (id, secret, ports, servers) = try await serve(cluster.url, count: 1)
        defer { servers.forEach { _ = $0.stop() } }
        let load = Load(ports: ports, clientId: id, secret: secret)
        try await Task.sleep(for: .seconds(1))

        try await onThreadOfItsOwn { Result { try cluster.stop(immediately: true) } }.get()
        // At once, within the request's 5 s: not after the store's 10 s timeout, as when a
        // query went to a pooled connection that the crash had closed.
        #expect(health(ports[0]) == 503)
        #expect(await eventually(within: .seconds(15)) { load.sofar.last?.status == 503 })
        let down = load.sofar.count

        try await onThreadOfItsOwn { Result { try cluster.start() } }.get()
        #expect(await eventually(within: .seconds(15)) { health(ports[0]) == 200 })
        #expect(await eventually(within: .seconds(15)) { load.sofar.dropFirst(down).contains { $0.status == 200 } })
        let answers = load.stop()

        #expect(servers[0].isRunning, "recovered without a restart")
        #expect(Set(answers.map(\.status)).isSubset(of: [200, 503]), "\(Set(answers.map(\.status)))")
        let answered = Set(answers.compactMap(\.jti))
        let missing = answered.subtracting(try await recordedJTIs(cluster.url))
        #expect(answered.count > 0 && missing.isEmpty, "\(missing.count) of \(answered.count) answered tokens not recorded")
    }

    /// One of two servers killed with SIGKILL under load: every token either answered is
    /// recorded, and the other goes on answering.
    @Test func aServerKilledUnderLoadLosesNoAnsweredToken() async throws {
        defer { cli.cleanUp() }
        try await TestPostgres.withFreshDatabase { url in
            let (id, secret, ports, servers) = try await serve(url, count: 2)
            defer { servers.forEach { _ = $0.stop() } }
            let load = Load(ports: ports, clientId: id, secret: secret)
            try await Task.sleep(for: .seconds(1))
            kill(servers[0].processIdentifier, SIGKILL)
            let killedAt = Date()
            try await Task.sleep(for: .seconds(1))
            let answers = load.stop()

            #expect(answers.contains { $0.port == ports[1] && $0.status == 200 && $0.at > killedAt })
            let answered = Set(answers.compactMap(\.jti))
            let missing = answered.subtracting(try await recordedJTIs(url))
            #expect(answered.count > 0 && missing.isEmpty, "\(missing.count) of \(answered.count) answered tokens not recorded")
        }
    }
}
