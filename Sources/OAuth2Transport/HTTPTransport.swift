import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The few HTTP exchanges both libraries make with an authorization server: a GET or a form
/// POST whose JSON answer is read into memory up to a bound, with a deadline on each.
public struct HTTPTransport: Sendable {
    public let client: HTTPClient
    /// How long one exchange may take, from connecting to the body's last byte. Default 5 s;
    /// AsyncHTTPClient keeps retrying a refused connection until then, so it is also how
    /// long a call waits on a server that is down.
    public var timeout: TimeAmount
    /// The most of an answer's body read into memory; larger answers fail.
    public var maximumBodyBytes: Int

    public init(client: HTTPClient = .shared, timeout: TimeAmount = .seconds(5), maximumBodyBytes: Int = 1 << 20) {
        self.client = client
        self.timeout = timeout
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// An answer, read whole.
    public struct Response: Sendable {
        public let status: Int
        public let headers: HTTPHeaders
        public let body: ByteBuffer

        /// The body decoded as `T`, or a `TransportError.undecodable` naming what was expected.
        public func decode<T: Decodable>(_ type: T.Type, from url: String) throws -> T {
            do {
                return try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
            } catch {
                throw TransportError.undecodable(url: url, expected: "\(T.self)")
            }
        }
    }

    public func get(_ url: String) async throws -> Response {
        try await send(HTTPClientRequest(url: url))
    }

    /// POSTs a form, authenticated as a client when `authentication` is given.
    public func postForm(_ url: String, _ form: [(String, String)], as authentication: ClientAuthentication? = nil) async throws -> Response {
        var form = form
        var headers: [(String, String)] = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")]
        authentication?.apply(to: &form, headers: &headers)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers = HTTPHeaders(headers)
        request.body = .bytes(ByteBuffer(string: FormEncoding.body(form)))
        return try await send(request)
    }

    public func send(_ request: HTTPClientRequest) async throws -> Response {
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout)
        } catch {
            throw TransportError.unreachable(url: request.url, reason: "\(error)")
        }
        do {
            let body = try await response.body.collect(upTo: maximumBodyBytes)
            return Response(status: Int(response.status.code), headers: response.headers, body: body)
        } catch {
            throw TransportError.unreachable(url: request.url, reason: "the answer's body could not be read within \(maximumBodyBytes) bytes")
        }
    }
}
