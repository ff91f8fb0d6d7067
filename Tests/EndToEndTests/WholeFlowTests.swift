import Foundation
import TestSupport
import Testing

/// The three actors as separate processes, as the README runs them: `oauth2 serve`, the
/// example `orders-api` following revocations, and tokens from `oauth2 token get`. An admin
/// revoking from the CLI or the console (other processes again) stops the token at the API
/// within 2 s.
@Suite(.serialized) struct WholeFlowTests {
    static let audience = "https://orders.example"

    /// A store with the example's scopes and clients, served, with `orders-api` in front.
    final class Flow {
        let cli: OAuth2Binary
        let server: Process
        let api: Process
        let issuer: String
        let apiPort: Int
        let serverPort: Int
        let clientId: String
        let readerId: String

        /// Launched, and ready once both servers answer. Async, and waiting with `Task.sleep`,
        /// so that it holds no thread of the test runner's small pool while processes start.
        static func start() async throws -> Flow {
            let flow = try Flow()
            #expect(await eventually(within: .seconds(20)) { (try? LoopbackHTTP.send(port: flow.serverPort, "GET", "/healthz"))?.status == 200 })
            #expect(await eventually(within: .seconds(20)) { (try? LoopbackHTTP.send(port: flow.apiPort, "GET", "/health"))?.status == 200 })
            return flow
        }

        private init() throws {
            cli = try OAuth2Binary()
            try cli.run(["scope", "add", "orders:read"])
            try cli.run(["scope", "add", "orders:write"])
            let client = try Self.register(cli, ["a-orders-client", "--scope", "orders:read orders:write", "--audience", WholeFlowTests.audience])
            let reader = try Self.register(cli, ["b-orders-api", "--introspect"])
            clientId = client.id
            readerId = reader.id
            try Data((client.secret + "\n").utf8).write(to: cli.directory.appendingPathComponent("client.secret"))
            try Data((reader.secret + "\n").utf8).write(to: cli.directory.appendingPathComponent("api.secret"))
            let launched = try cli.launchServer()
            (server, serverPort) = (launched.process, launched.port)
            issuer = "http://127.0.0.1:\(serverPort)"
            apiPort = try freeLoopbackPort()
            let api = Process()
            api.executableURL = OAuth2Binary.url.deletingLastPathComponent().appendingPathComponent("orders-api")
            api.arguments = ["--issuer", issuer, "--port", "\(apiPort)", "--client-id", reader.id,
                             "--client-secret-file", cli.directory.appendingPathComponent("api.secret").path]
            api.standardOutput = FileHandle.nullDevice
            api.standardError = FileHandle.nullDevice
            try api.run()
            self.api = api
        }

        deinit {
            api.terminate()
            server.terminate()
            api.waitUntilExit()
            server.waitUntilExit()
            cli.cleanUp()
        }

        private static func register(_ cli: OAuth2Binary, _ arguments: [String]) throws -> (id: String, secret: String) {
            let json = try #require(try cli.run(["client", "add"] + arguments + ["--json"]).json() as? [String: Any])
            return (try #require(json["client_id"] as? String), try #require(json["client_secret"] as? String))
        }

        /// A token from `oauth2 token get`, the client application from the shell.
        func token() throws -> String {
            let result = try cli.run(["token", "get", "--issuer", issuer, "--client-id", clientId, "--scope", "orders:read",
                                      "--resource", WholeFlowTests.audience,
                                      "--client-secret-file", cli.directory.appendingPathComponent("client.secret").path], withDB: false)
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func orders(_ token: String) throws -> LoopbackHTTP.Response {
            try LoopbackHTTP.send(port: apiPort, "GET", "/orders", headers: ["Authorization": "Bearer " + token])
        }

        /// `oauth2 token verify` as the API's client, so revocations count.
        func verify(_ token: String) throws -> OAuth2Binary.Result {
            try cli.run(["token", "verify", token, "--issuer", issuer, "--audience", WholeFlowTests.audience, "--client-id", readerId,
                         "--client-secret-file", cli.directory.appendingPathComponent("api.secret").path], withDB: false)
        }

        /// Seconds until the API refuses `token` as invalid, polling for at most 5 s. It waits
        /// with `Thread.sleep`, not `Task.sleep`: a task's wake-up waits for the test pool's
        /// threads, which blocking tests elsewhere in the suite may hold for seconds, and the
        /// figure would be theirs, not the API's.
        func secondsUntilRefused(_ token: String) throws -> Double? {
            let start = Date()
            while Date().timeIntervalSince(start) < 5 {
                let response = try orders(token)
                if response.status == 401 {
                    #expect(response.header("WWW-Authenticate")?.contains("error=\"invalid_token\"") == true)
                    return Date().timeIntervalSince(start)
                }
                #expect(response.status == 200)
                Thread.sleep(forTimeInterval: 0.05)
            }
            return nil
        }
    }

    @Test func aRevocationFromTheCLIStopsTheTokenAtTheAPIWithinTwoSeconds() async throws {
        let flow = try await Flow.start()
        let token = try flow.token()
        let answer = try flow.orders(token)
        #expect(answer.status == 200 && answer.text == "[]")
        let verified = try flow.verify(token)
        #expect(verified.status == 0 && verified.stdout.contains("valid (jwt, not revoked)"), "\(verified.stderr)")
        let jti = try #require(verified.stdout.firstMatch(of: /jti\s+(\S+)/)).1

        #expect(try flow.cli.run(["token", "revoke", String(jti)]).status == 0)
        let seconds = try #require(try flow.secondsUntilRefused(token))
        #expect(seconds <= 2)
        let refused = try flow.verify(token)
        #expect(refused.status == 1 && refused.stderr.contains("revoked"))
        // Another token of the same client is still good.
        #expect(try flow.orders(try flow.token()).status == 200)
    }

    @Test func theExampleClientReadsAndPlacesOrders() async throws {
        let flow = try await Flow.start()
        let client = Process()
        client.executableURL = OAuth2Binary.url.deletingLastPathComponent().appendingPathComponent("orders-client")
        client.arguments = ["--issuer", flow.issuer, "--api", "http://127.0.0.1:\(flow.apiPort)", "--client-id", flow.clientId,
                            "--client-secret-file", flow.cli.directory.appendingPathComponent("client.secret").path,
                            "--count", "5", "--interval", "0.05"]
        let output = Pipe()
        client.standardOutput = output
        client.standardError = FileHandle.nullDevice
        try client.run()
        let lines = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        client.waitUntilExit()
        #expect(client.terminationStatus == 0)
        #expect(lines.count == 5)
        #expect(lines.prefix(4).allSatisfy { $0.contains("GET /orders → 200") }, "\(lines)")
        #expect(lines.last?.contains("POST /orders → 201") == true && lines.last?.contains(flow.clientId) == true, "\(lines)")
    }

    @Test func revokingEveryTokenOfTheClientInTheConsoleStopsThemWithinTwoSeconds() async throws {
        let flow = try await Flow.start()
        let tokens = [try flow.token(), try flow.token()]
        #expect(try tokens.allSatisfy { try flow.orders($0).status == 200 })
        let tmux = Tmux(socket: "oauth2-flow-\(UUID().uuidString.prefix(8))")
        defer { tmux.kill() }
        try tmux.start(command: "\(OAuth2Binary.url.path) console --attach --db \(flow.cli.dbPath); sleep 60", in: flow.cli.directory)
        try tmux.waitFor("a-orders-client")
        tmux.keys("1", "Home", "X")
        try tmux.waitFor("Revoke all 2 live token(s) of a-orders-client?")
        tmux.keys("y")
        try tmux.waitFor("revoked 2 token(s) of a-orders-client")
        for token in tokens {
            let seconds = try #require(try flow.secondsUntilRefused(token))
            #expect(seconds <= 2)
        }
    }
}
