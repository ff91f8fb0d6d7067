import Foundation
import PostgresTestSupport
import Testing
import TestSupport

/// `oauth2 store migrate` and `oauth2 store copy` as a user runs them, and what the other
/// commands say to a PostgreSQL URL in this version.
@Suite(.serialized, .timeLimit(.minutes(3))) struct PostgresCLITests {
    let cli: OAuth2Binary

    init() throws { cli = try OAuth2Binary() }

    /// A database that is not there: said plainly with its URL, exit 1, whether the URL comes
    /// from --db or from $OAUTH2_DB, and no file of that name created.
    @Test(arguments: [["client", "list"], ["scope", "add", "read"], ["serve"], ["key", "list"]])
    func anUnreachableDatabaseIsRefusedPlainly(_ command: [String]) throws {
        defer { cli.cleanUp() }
        let url = "postgres://oauth2@127.0.0.1:1/oauth2?sslmode=disable"
        for result in [try cli.run(command + ["--db", url], withDB: false),
                       try cli.run(command, environment: ["OAUTH2_DB": url], withDB: false)] {
            #expect(result.status == 1)
            #expect(result.stderr.contains("cannot connect to \(url)"), "\(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.directory.path).isEmpty)
    }

    /// Two `serve` processes on one database, administered by the CLI as a third: whatever
    /// is done through one is in force on the other at its next request.
    @Test func twoServersOnOneDatabaseShareEveryChange() async throws {
        defer { cli.cleanUp() }
        try await TestPostgres.withFreshDatabase { url in
            let db = url.description
            #expect(try await cli.runOffThePool(["scope", "add", "read", "--db", db]).status == 0)
            let registration = try #require(try await cli.runOffThePool(["client", "add", "svc", "--scope", "read", "--json", "--db", db]).json()
                as? [String: Any])
            let id = try #require(registration["client_id"] as? String), secret = try #require(registration["client_secret"] as? String)
            let launched = try await onThreadOfItsOwn { [cli] in Result { try cli.launchServers(2, db: db) } }.get()
            let ports = launched.map(\.port), servers = launched.map(\.process)
            defer { servers.forEach { _ = $0.stop() } }
            func post(_ port: Int, _ path: String, _ body: String) throws -> LoopbackHTTP.Response {
                try LoopbackHTTP.send(port: port, "POST", path, headers: ["Authorization": LoopbackHTTP.basic(id, secret),
                                                                           "Content-Type": "application/x-www-form-urlencoded"], body: body)
            }

            // Issued by one, introspected and revoked through the other.
            let token = try #require(try post(ports[0], "/token", "grant_type=client_credentials").json["access_token"] as? String)
            #expect(try post(ports[1], "/introspect", "token=\(token)").json["active"] as? Bool == true)
            #expect(try post(ports[1], "/revoke", "token=\(token)").status == 200)
            #expect(try post(ports[0], "/introspect", "token=\(token)").text == "{\"active\":false}")

            // A key rotated by the CLI is in both JWKS within a second.
            let rotated = try await cli.runOffThePool(["key", "rotate", "--json", "--db", db])
            let kid = try #require((try rotated.json() as? [String: Any])?["kid"] as? String, "\(rotated.stdout) \(rotated.stderr)")
            try await Task.sleep(for: .milliseconds(1100))
            for port in ports { #expect(try LoopbackHTTP.send(port: port, "GET", "/jwks.json").text.contains(kid)) }

            // A client disabled by the CLI is refused by both at their next request.
            #expect(try post(ports[0], "/token", "grant_type=client_credentials").status == 200)
            #expect(try post(ports[1], "/token", "grant_type=client_credentials").status == 200)
            #expect(try await cli.runOffThePool(["client", "disable", id, "--db", db]).status == 0)
            for port in ports { #expect(try post(port, "/token", "grant_type=client_credentials").error == "unauthorized_client") }
            for server in servers { #expect(server.stop() == 0) }
        }
    }

    /// The console attached to a PostgreSQL store lists both servers and counts the tokens
    /// either of them issues.
    @Test func anAttachedConsoleFollowsTokensFromEveryServer() async throws {
        defer { cli.cleanUp() }
        try await TestPostgres.withFreshDatabase { url in
            let db = url.description
            #expect(try await cli.runOffThePool(["scope", "add", "read", "--db", db]).status == 0)
            let registration = try #require(try await cli.runOffThePool(["client", "add", "svc", "--scope", "read", "--format", "opaque",
                                                                         "--json", "--db", db]).json() as? [String: Any])
            let basic = LoopbackHTTP.basic(try #require(registration["client_id"] as? String),
                                           try #require(registration["client_secret"] as? String))
            let launched = try await onThreadOfItsOwn { [cli] in Result { try cli.launchServers(2, db: db) } }.get()
            let ports = launched.map(\.port), servers = launched.map(\.process)
            defer { servers.forEach { _ = $0.stop() } }
            try await onThreadOfItsOwn { [cli] in
                Result {
                    let tmux = Tmux(socket: "oauth2-console-\(UUID().uuidString.prefix(8))")
                    defer { tmux.kill() }
                    try tmux.start(command: "\(OAuth2Binary.url.path) console --attach --db '\(db)'; echo console-exit=$?; sleep 60",
                                   in: cli.directory, width: 132, height: 43)
                    try tmux.waitFor("0 new tokens since attach", timeout: 20)
                    for port in ports {
                        for _ in 0..<20 {
                            let response = try LoopbackHTTP.requestToken(port: port, authorization: basic)
                            #expect(response.status == 200)
                        }
                    }
                    try tmux.waitFor("40 new tokens since attach")
                    tmux.keys("q")
                    try tmux.waitFor("console-exit=0")
                }
            }.get()
        }
    }

    @Test func aPasswordInTheURLIsRefusedAndNotRepeated() throws {
        defer { cli.cleanUp() }
        let result = try cli.run(["store", "migrate", "--db", "postgres://oauth2:Hunter2-secret@127.0.0.1/oauth2"], withDB: false)
        #expect(result.status == 1)
        #expect(result.stderr.contains("must not carry a password"))
        #expect(!(result.stdout + result.stderr).contains("Hunter2-secret"))
    }

    @Test func anUnreachableDatabaseIsAnErrorWithinTheConnectTimeout() throws {
        defer { cli.cleanUp() }
        let start = Date()
        // A non-routable address: the connection attempt never completes (or fails at once
        // where there is no route); either way the command ends within its timeout.
        let result = try cli.run(["store", "migrate", "--connect-timeout", "2", "--db",
                                  "postgres://oauth2@10.255.255.1:5432/oauth2?sslmode=disable"], withDB: false, timeout: 30)
        #expect(result.status == 1)
        #expect(result.stderr.contains("10.255.255.1"), "\(result.stderr)")
        #expect(Date().timeIntervalSince(start) < 20)
    }

    /// Migrate (twice, and twice at once), then copy a store made with the CLI; a second
    /// copy is refused.
    @Test func migrateAndCopyAStoreMadeWithTheCLI() async throws {
        defer { cli.cleanUp() }
        try await TestPostgres.withFreshDatabase { url in
            let db = url.description
            async let one = cli.runOffThePool(["store", "migrate", "--db", db])
            async let other = cli.runOffThePool(["store", "migrate", "--db", db])
            let firstRuns = try await [one, other]
            #expect(firstRuns.map(\.status) == [0, 0], "\(firstRuns.map(\.stderr))")
            #expect(firstRuns.filter { $0.stdout.contains("applied v1") }.count == 1)
            let again = try await cli.runOffThePool(["store", "migrate"], environment: ["OAUTH2_DB": db])
            #expect(again.status == 0)
            #expect(again.stdout.contains("schema up to date"), "\(again.stdout)")

            #expect(try await cli.runOffThePool(["scope", "add", "orders:read", "--db", cli.dbPath]).status == 0)
            #expect(try await cli.runOffThePool(["client", "add", "shop", "--scope", "orders:read", "--db", cli.dbPath]).status == 0)
            let copy = try await cli.runOffThePool(["store", "copy", "--from", cli.dbPath, "--to", db, "--json"])
            #expect(copy.status == 0, "\(copy.stderr)")
            let copied = try #require(try copy.json() as? [String: Any])
            #expect(copied["to"] as? String == db)
            #expect(copied["rows"] as? [String: Int] == ["scope": 1, "client": 1, "client_secret": 1, "client_scope": 1,
                                                          "client_audience": 0, "signing_key": 0, "key_sealing": 0, "token": 0,
                                                          "revocation_feed": 0, "audit_event": 2])
            #expect(!copy.stdout.contains("o2s_"))

            let second = try await cli.runOffThePool(["store", "copy", "--from", cli.dbPath, "--to", db])
            #expect(second.status == 1)
            #expect(second.stderr == "oauth2: \(db) already holds 1 scope row, 1 client row, 1 client_secret row, 1 client_scope row, "
                + "2 audit_event rows; copy only into a database without clients, keys or tokens\n", "\(second.stderr)")
            #expect(try await TestPostgres.values("SELECT count(*) FROM client", as: Int.self, in: url) == [1])
        }
    }

    /// A sealed SQLite store copied into PostgreSQL stays sealed there: a server without the
    /// key-encryption key refuses to start, one with it signs with the copied key, and the
    /// database never holds a private key in the clear.
    @Test func aSealedStoreCopiedIntoPostgreSQLServesOnlyWithItsKey() async throws {
        defer { cli.cleanUp() }
        try await TestPostgres.withFreshDatabase { url in
            let db = url.description
            let kek = cli.directory.appendingPathComponent("kek").path
            try Data((Data((0..<32).map { _ in UInt8.random(in: .min ... .max) }).base64EncodedString() + "\n").utf8)
                .write(to: URL(fileURLWithPath: kek))
            let rotated = try await cli.runOffThePool(["key", "rotate", "--json", "--key-encryption-key-file", kek, "--db", cli.dbPath])
            let kid = try #require((try rotated.json() as? [String: Any])?["kid"] as? String, "\(rotated.stderr)")
            #expect(try await cli.runOffThePool(["scope", "add", "read", "--db", cli.dbPath]).status == 0)
            let registration = try #require(try await cli.runOffThePool(["client", "add", "svc", "--scope", "read", "--json",
                                                                         "--db", cli.dbPath]).json() as? [String: Any])
            #expect(try await cli.runOffThePool(["store", "copy", "--from", cli.dbPath, "--to", db]).status == 0)

            let refused = try await cli.runOffThePool(["serve", "--port", "0", "--db", db])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("the signing keys in \(db) are sealed"), "\(refused.stderr)")

            let server = try await onThreadOfItsOwn { [cli] in Result { try cli.launchServer(["--key-encryption-key-file", kek], db: db) } }.get()
            defer { _ = server.process.stop() }
            let basic = LoopbackHTTP.basic(try #require(registration["client_id"] as? String),
                                           try #require(registration["client_secret"] as? String))
            let answer = try LoopbackHTTP.requestToken(port: server.port, authorization: basic)
            #expect(answer.status == 200)
            #expect(try LoopbackHTTP.send(port: server.port, "GET", "/jwks.json").text.contains(kid))
            let clear = try await TestPostgres.values("SELECT count(*)::int FROM signing_key WHERE private_key LIKE '%PRIVATE KEY%'",
                                                      as: Int.self, in: url)
            #expect(clear == [0])
            #expect(try await TestPostgres.values("SELECT count(*)::int FROM signing_key", as: Int.self, in: url) == [1])
        }
    }
}

extension OAuth2Binary {
    /// `run` (without the implied --db) on a thread of its own: waiting for a child process
    /// must not hold one of the few threads that every async test shares.
    func runOffThePool(_ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result { try run(arguments, environment: environment, withDB: false) })
            }
        }
    }
}
