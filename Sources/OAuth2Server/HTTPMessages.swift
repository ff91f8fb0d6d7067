import NIOCore
import NIOHTTP1
import OAuth2Core

/// A whole request as the endpoints see it.
struct HTTPRequest: Sendable {
    let method: HTTPMethod
    let path: String
    let headers: HTTPHeaders
    let body: ByteBuffer
    /// The client's address, for rate limiting and logs: the peer's, or as trusted proxies
    /// forwarded it.
    let clientAddress: IPAddress
    /// When the whole request had been read.
    let receivedAt: NIODeadline
    /// The loop serving it, whose store reader the endpoints use.
    let eventLoop: EventLoop

    /// Milliseconds since the request was read, for log lines.
    var elapsedMilliseconds: String {
        let nanoseconds = (NIODeadline.now() - receivedAt).nanoseconds
        return String(Double(nanoseconds / 1000) / 1000)
    }

    var bodyBytes: ByteBufferView { body.readableBytesView }

    /// The media type of the body and its parameters (`name=value`, names lowercased),
    /// parsed with plain byte work: this runs on every request.
    var contentType: (mediaType: String, parameters: [String: String])? {
        guard let header = headers.first(name: "content-type") else { return nil }
        // What nearly every client sends, answered without parsing.
        if header == Self.plainForm { return (Self.plainForm, [:]) }
        let parts = header.utf8.split(separator: UInt8(ascii: ";")).map { Self.trimmed($0) }
        guard let first = parts.first else { return nil }
        var parameters: [String: String] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: UInt8(ascii: "="), maxSplits: 1)
            guard pair.count == 2 else { continue }
            let value = Self.trimmed(pair[1]).filter { $0 != UInt8(ascii: "\"") }
            parameters[String(decoding: pair[0], as: UTF8.self).lowercased()] = String(decoding: value, as: UTF8.self)
        }
        return (String(decoding: first, as: UTF8.self).lowercased(), parameters)
    }

    private static let plainForm = "application/x-www-form-urlencoded"

    private static func trimmed(_ bytes: some Collection<UInt8>) -> ArraySlice<UInt8> {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        let array = Array(bytes)
        guard let start = array.firstIndex(where: { !isSpace($0) }), let end = array.lastIndex(where: { !isSpace($0) }) else { return [] }
        return array[start...end]
    }
}

/// A response ready to write: status, headers and body.
struct HTTPResponse {
    var status: HTTPResponseStatus
    /// All but Content-Length and Connection, which `encoded` sets.
    var headers: HTTPHeaders
    var body: String

    init(status: HTTPResponseStatus, headers: HTTPHeaders = [:], body: String) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// JSON that must never be cached (RFC 6749 §5.1, RFC 7662 and 7009 alike).
    static func json(_ body: String, status: HTTPResponseStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json", "Cache-Control": "no-store", "Pragma": "no-cache"],
                     body: body)
    }

    /// JSON that anyone may cache for a short while (metadata, JWKS).
    static func publicJSON(_ body: String) -> HTTPResponse {
        HTTPResponse(status: .ok, headers: ["Content-Type": "application/json", "Cache-Control": "public, max-age=60"], body: body)
    }

    /// An RFC 6749 §5.2 error body with its status and, where due, the Basic challenge.
    static func error(_ error: OAuthError) -> HTTPResponse {
        var response = json(errorBody(error.code.rawValue, error.description), status: .init(statusCode: error.httpStatus))
        if error.challengeBasic || error.code == .invalidClient {
            response.headers.add(name: "WWW-Authenticate", value: "Basic realm=\"oauth2\", charset=\"UTF-8\"")
        }
        return response
    }

    /// An error outside OAuth's vocabulary (404, 405, 413, 429...), still as a JSON error body.
    static func httpError(_ status: HTTPResponseStatus, _ code: String, _ description: String) -> HTTPResponse {
        json(errorBody(code, description), status: status)
    }

    private static func errorBody(_ code: String, _ description: String) -> String {
        JSONText.object(["error": JSONText.quote(code), "error_description": JSONText.quote(description)])
    }

    /// The response as HTTP/1.1 bytes, in one buffer: one write, one `write(2)`. Header
    /// values are ours (constants, lengths, numbers), never client input. Without the body
    /// (an answer to HEAD), Content-Length still gives the body's length. `version` is the
    /// request's: an HTTP/1.0 client that asked to keep the connection is told it is kept.
    func encoded(version: HTTPVersion, keepAlive: Bool, withBody: Bool = true, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 160 + body.utf8.count)
        // The highest version we conform to, whatever the request's (RFC 9112 §2.3).
        buffer.writeString("HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n")
        for (name, value) in headers {
            buffer.writeString(name)
            buffer.writeString(": ")
            buffer.writeString(value)
            buffer.writeString("\r\n")
        }
        buffer.writeString("Content-Length: \(body.utf8.count)\r\n")
        if !keepAlive {
            buffer.writeString("Connection: close\r\n")
        } else if version == .http1_0 {
            buffer.writeString("Connection: keep-alive\r\n")
        }
        buffer.writeString("\r\n")
        if withBody { buffer.writeString(body) }
        return buffer
    }
}
