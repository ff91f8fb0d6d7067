import Foundation
import PostgresNIO
import PostgresTestSupport
import Testing
import TestSupport

/// On PostgreSQL a token request whose answer needs nothing from the database but its
/// commit (a client the server has cached, with its right secret) is answered on the event
/// loop; only what must read waits on the server's pool of threads.
@Suite(.serialized, .timeLimit(.minutes(3))) struct PostgresCachedAnswerTests {
    /// Unknown client ids, each looked up in the database while an admin's transaction holds
    /// a client table, fill every thread of the pool; a known client still gets its token
    /// while they wait.
    @Test func aKnownClientGetsItsTokenWhileLookupsWaitOnTheDatabase() async throws {
        let cli = try OAuth2Binary()
        defer { cli.cleanUp() }
        try await TestPostgres.withFreshDatabase { url in
            let db = url.description
            #expect(try await cli.runOffThePool(["scope", "add", "read", "--db", db]).status == 0)
            let registration = try #require(try await cli.runOffThePool(["client", "add", "svc", "--scope", "read", "--json", "--db", db])
                .json() as? [String: Any])
            let basic = LoopbackHTTP.basic(try #require(registration["client_id"] as? String),
                                           try #require(registration["client_secret"] as? String))
            let server = try await onThreadOfItsOwn { [cli] in Result { try cli.launchServer(db: db) } }.get()
            defer { _ = server.process.stop() }
            @Sendable func token(as authorization: String) -> LoopbackHTTP.Response? {
                try? LoopbackHTTP.requestToken(port: server.port, authorization: authorization, timeout: 60)
            }
            // The first token caches the client.
            #expect(await onThreadOfItsOwn { token(as: basic)?.status } == 200)

            try await TestPostgres.withConnection(url) { admin in
                _ = try await admin.query("BEGIN", logger: TestPostgres.logger)
                _ = try await admin.query("LOCK TABLE client_audience IN ACCESS EXCLUSIVE MODE", logger: TestPostgres.logger)
                let lookups = (0..<24).map { index in
                    Answer { token(as: LoopbackHTTP.basic("unknown-\(index)", "secret"))?.status }
                }
                // Every pool thread (16) waits on the lock.
                let waiting = await eventually(within: .seconds(20)) {
                    let count = try? await TestPostgres.values(
                        "SELECT count(*)::int FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
                        as: Int.self, in: url).first
                    return (count ?? 0) >= 16
                }
                #expect(waiting)
                // The known client's token comes while the lookups still wait: through the
                // pool it would come only after one of them gave its thread back (at the
                // rollback, or at the pool's 10 s limit on a wait).
                let known = Answer { token(as: basic)?.status }
                #expect(await eventually(within: .seconds(30)) { known.result != nil })
                _ = try await admin.query("ROLLBACK", logger: TestPostgres.logger)
                #expect(known.result?.value == 200)
                #expect(await eventually(within: .seconds(30)) { lookups.allSatisfy { $0.result != nil } })
                let firstLookup = lookups.compactMap { $0.result?.at }.min()
                #expect(firstLookup.map { known.result!.at < $0 } ?? false)
                for lookup in lookups { #expect(lookup.result?.value.map { [401, 503].contains($0) } ?? false) }
            }
        }
    }

    /// A request's answer, on a thread of its own, and when it came. (`@unchecked`: `answer`
    /// is guarded by `lock`.)
    final class Answer: @unchecked Sendable {
        private let lock = NSLock()
        private var answer: (value: Int?, at: ContinuousClock.Instant)?

        init(_ request: @escaping @Sendable () -> Int?) {
            Thread { [self] in
                let value = request()
                lock.withLock { answer = (value, .now) }
            }.start()
        }

        var result: (value: Int?, at: ContinuousClock.Instant)? { lock.withLock { answer } }
    }
}
