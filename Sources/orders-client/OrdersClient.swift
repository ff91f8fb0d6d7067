import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import OAuth2Client
import OAuth2Transport

/// The example client application: calls the orders API in a loop with a token from
/// `TokenSource`, printing each answer.
@main
struct OrdersClient: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders-client", abstract: "Example client application: calls orders-api in a loop and prints each answer.")
    @Option(help: "The authorization server's issuer URL (default: $OAUTH2_ISSUER, else http://127.0.0.1:8080).") var issuer: String?
    @Option(help: "The client id to get tokens as.") var clientId: String
    @Option(help: "A file whose first line is the client secret (default: $OAUTH2_CLIENT_SECRET).") var clientSecretFile: String?
    @Option(help: "The orders API's base URL.") var api = "http://127.0.0.1:8081"
    @Option(help: "The API's identifier, asked for as the token's resource.") var resource = "https://orders.example"
    @Option(help: "Seconds between calls.") var interval = 1.0
    @Option(help: "Calls to make; 0 for no end.") var count = 0

    func validate() throws {
        guard interval > 0, interval <= 3600 else { throw ValidationError("--interval must be within 0 and 3600 seconds") }
        guard count >= 0 else { throw ValidationError("--count must not be negative") }
    }

    func run() async throws {
        let authentication = ClientAuthentication(clientID: clientId, secret: try ClientSecretSource.read(file: clientSecretFile))
        let source = TokenSource(configuration: TokenSourceConfiguration(endpoint: .issuer(DefaultIssuer.resolve(issuer)), authentication: authentication),
                                 logger: Logger(label: "orders-client"))
        let key = TokenKey(scopes: ["orders:read", "orders:write"], resources: [resource])
        var call = 0
        while count == 0 || call < count {
            call += 1
            // Every fifth call places an order; the others read them.
            let writing = call % 5 == 0
            var request = HTTPClientRequest(url: api + "/orders")
            if writing {
                request.method = .POST
                request.body = .bytes(ByteBuffer(string: "order \(call)"))
            }
            // Written at once, not buffered: whoever reads this through a pipe sees each call as it happens.
            FileHandle.standardOutput.write(Data((await Self.line(for: request, writing: writing, source: source, key: key) + "\n").utf8))
            try await Task.sleep(for: .seconds(interval))
        }
    }

    /// One line per call: time, request, status and the body or the refusal's reason.
    private static func line(for request: HTTPClientRequest, writing: Bool, source: TokenSource, key: TokenKey) async -> String {
        let time = Date().formatted(.iso8601.time(includingFractionalSeconds: false))
        let what = writing ? "POST /orders" : "GET /orders"
        do {
            let response = try await source.execute(request, for: key, timeout: .seconds(10))
            let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
            let challenge = response.headers.first(name: "WWW-Authenticate").map { " (\($0))" } ?? ""
            return "\(time) \(what) → \(response.status.code) \(body.prefix(200))\(challenge)"
        } catch {
            return "\(time) \(what) → failed: \(error)"
        }
    }
}
