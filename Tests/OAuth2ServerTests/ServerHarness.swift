import Foundation
import Logging
import NIOCore
import OAuth2Core
@testable import OAuth2Server
@testable import OAuth2Store

/// A real server on a loopback port over a real store file in a temporary directory.
final class ServerHarness: @unchecked Sendable {
    struct Response {
        let status: Int
        let headers: [String: String]
        let body: Data

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var error: String? { json["error"] as? String }
        func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name.lowercased() }?.value }
    }

    struct Credentials {
        let id: String
        let secret: String
    }

    let directory: URL
    let store: Store
    let server: OAuth2HTTPServer
    let port: Int
    let events = EventHub()
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `signingAlgorithm`: the algorithm of the active key the server starts with.
    init(signingAlgorithm: SigningAlgorithm = .es256, configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("oauth2-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try Store(path: directory.appendingPathComponent("oauth2.sqlite").path)
        for scope in ["read", "write", "admin"] { _ = try store.addScope(name: scope, actor: .cli) }
        try store.activate(SigningKey.generate(signingAlgorithm), actor: .cli)
        port = try Self.freePort()
        var configuration = ServerConfiguration()
        configuration.port = port
        configure(&configuration)
        server = try OAuth2HTTPServer(configuration: configuration, store: store, events: events,
                                      logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        try server.start()
    }

    deinit {
        server.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    func register(_ name: String = "svc-\(UUID().uuidString.prefix(8))", scopes: [String] = ["read", "write"],
                  format: TokenFormat = .jwt, audiences: [String] = [], introspect: Bool = false, ttl: Int = 3600) throws -> Credentials {
        let registration = try store.registerClient(
            ClientSpec(name: name, scopes: scopes, tokenTtl: ttl, tokenFormat: format, audiences: audiences, canIntrospect: introspect), actor: .cli)
        return Credentials(id: registration.client.id, secret: registration.secret.plaintext)
    }

    static func basic(_ credentials: Credentials) -> String {
        "Basic " + Data("\(credentials.id):\(credentials.secret)".utf8).base64EncodedString()
    }

    /// POSTs a form body (already encoded) with the given headers.
    func post(_ path: String, _ body: String, headers: [String: String] = [:],
              contentType: String? = "application/x-www-form-urlencoded") async throws -> Response {
        var headers = headers
        if let contentType { headers["Content-Type"] = contentType }
        return try send("POST", path, headers: headers, body: body)
    }

    func token(_ credentials: Credentials, _ extra: String = "") async throws -> Response {
        try await post("/token", "grant_type=client_credentials" + extra, headers: ["Authorization": Self.basic(credentials)])
    }

    func accessToken(_ credentials: Credentials, _ extra: String = "") async throws -> String {
        let response = try await token(credentials, extra)
        guard let token = response.json["access_token"] as? String else {
            throw HarnessError("no token: \(response.status) \(String(decoding: response.body, as: UTF8.self))")
        }
        return token
    }

    func introspect(_ token: String, as caller: Credentials) async throws -> Response {
        try await post("/introspect", "token=" + Self.formEncode(token), headers: ["Authorization": Self.basic(caller)])
    }

    func get(_ path: String, method: String = "GET") async throws -> Response {
        try send(method, path, headers: [:], body: "")
    }

    /// One request on its own connection. (Foundation's URLSession on Linux stalls on a 401
    /// carrying a Basic challenge, which this server sends by design.)
    private func send(_ method: String, _ path: String, headers: [String: String], body: String) throws -> Response {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        if method == "POST" || !body.isEmpty { request += "Content-Length: \(body.utf8.count)\r\n" }
        let answer = try RawHTTP.exchangeBytes(port: port, Array((request + "\r\n" + body).utf8))
        guard let split = answer.firstRange(of: Array("\r\n\r\n".utf8)) else { throw HarnessError("no response head") }
        let head = String(decoding: answer[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = head.first, let status = Int(statusLine.split(separator: " ")[1]) else {
            throw HarnessError("bad status line")
        }
        var fields: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: fields, body: Data(answer[split.upperBound...]))
    }

    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// A port nobody listens on right now.
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
