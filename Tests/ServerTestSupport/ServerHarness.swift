import Foundation
import Logging
import NIOCore
import OAuth2Core
import TestSupport
import OAuth2Server
import OAuth2Store

/// A real server on a loopback port over a real store file in a temporary directory, for
/// the server's tests and for the client and resource-server libraries' tests alike.
public final class ServerHarness: @unchecked Sendable {
    public typealias Response = LoopbackHTTP.Response

    public struct Credentials: Sendable {
        public let id: String
        public let secret: String

        public init(id: String, secret: String) {
            self.id = id
            self.secret = secret
        }
    }

    public let directory: URL
    public let store: SQLiteStore
    public let server: OAuth2HTTPServer
    public let port: Int
    public let events = EventHub()
    /// Every line the server logged: message and metadata.
    public let log = CapturedLog()
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `signingAlgorithm`: the algorithm of the active key the server starts with. `clock`:
    /// the store's, and so the server's, time.
    public init(signingAlgorithm: SigningAlgorithm = .es256, clock: Clock = .system,
                configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("oauth2-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SQLiteStore(path: directory.appendingPathComponent("oauth2.sqlite").path, clock: clock)
        for scope in ["read", "write", "admin"] { _ = try store.addScope(name: scope, actor: .cli) }
        try store.activate(SigningKeyRecord.generate(signingAlgorithm), actor: .cli)
        var configuration = ServerConfiguration()
        configuration.port = 0
        configure(&configuration)
        server = try OAuth2HTTPServer(configuration: configuration, store: store, events: events,
                                      logger: Logger(label: "test") { [log] _ in log })
        port = try server.start().port ?? 0
    }

    deinit {
        server.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    public func register(_ name: String = "svc-\(UUID().uuidString.prefix(8))", scopes: [String] = ["read", "write"],
                  format: TokenFormat = .jwt, audiences: [String] = [], introspect: Bool = false, ttl: Int = 3600) throws -> Credentials {
        let registration = try store.registerClient(
            ClientSpec(name: name, scopes: scopes, tokenTtl: ttl, tokenFormat: format, audiences: audiences, canIntrospect: introspect), actor: .cli)
        return Credentials(id: registration.client.id, secret: registration.secret.plaintext)
    }

    public static func basic(_ credentials: Credentials) -> String {
        LoopbackHTTP.basic(credentials.id, credentials.secret)
    }

    /// POSTs a form body (already encoded) with the given headers.
    public func post(_ path: String, _ body: String, headers: [String: String] = [:],
              contentType: String? = "application/x-www-form-urlencoded", from source: String = "127.0.0.1") async throws -> Response {
        var headers = headers
        if let contentType { headers["Content-Type"] = contentType }
        return try send("POST", path, headers: headers, body: body, from: source)
    }

    /// `source`: the loopback address the request comes from.
    public func token(_ credentials: Credentials, _ extra: String = "", from source: String = "127.0.0.1",
               headers: [String: String] = [:]) async throws -> Response {
        try await post("/token", "grant_type=client_credentials" + extra,
                       headers: headers.merging(["Authorization": Self.basic(credentials)]) { $1 }, from: source)
    }

    public func accessToken(_ credentials: Credentials, _ extra: String = "") async throws -> String {
        let response = try await token(credentials, extra)
        guard let token = response.json["access_token"] as? String else {
            throw HarnessError("no token: \(response.status) \(String(decoding: response.body, as: UTF8.self))")
        }
        return token
    }

    public func introspect(_ token: String, as caller: Credentials) async throws -> Response {
        try await post("/introspect", "token=" + Self.formEncode(token), headers: ["Authorization": Self.basic(caller)])
    }

    public func get(_ path: String, method: String = "GET") async throws -> Response {
        try send(method, path, headers: [:], body: "")
    }

    private func send(_ method: String, _ path: String, headers: [String: String], body: String,
                      from source: String = "127.0.0.1") throws -> Response {
        try LoopbackHTTP.send(port: port, method, path, headers: headers, body: body, from: source)
    }

    public static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

public struct HarnessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A log handler that keeps every line, for tests that read what the server logged.
public final class CapturedLog: LogHandler, @unchecked Sendable {
    public struct Line {
        public let message: String
        public let metadata: [String: String]
    }

    private let lock = NSLock()
    private var captured: [Line] = []
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public init() {}

    public var lines: [Line] { lock.withLock { captured } }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let fields = (event.metadata ?? [:]).mapValues { "\($0)" }
        lock.withLock { captured.append(Line(message: "\(event.message)", metadata: fields)) }
    }
}
