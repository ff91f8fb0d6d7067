import Foundation

/// A minimal HTTP/1.1 client over `RawHTTP`, one connection per request. (Foundation's
/// URLSession on Linux stalls on a 401 carrying a Basic challenge, which the server sends
/// by design.)
public enum LoopbackHTTP {
    public struct Response: Sendable {
        public let status: Int
        public let headers: [String: String]
        public let body: Data

        public var text: String { String(decoding: body, as: UTF8.self) }
        public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        public var error: String? { json["error"] as? String }
        public func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name.lowercased() }?.value }
    }

    /// `timeout`: how long the answer may take to come.
    public static func send(port: Int, _ method: String, _ path: String, headers: [String: String] = [:], body: String = "",
                            from source: String = "127.0.0.1", timeout: TimeInterval = 5) throws -> Response {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        if method == "POST" || !body.isEmpty { request += "Content-Length: \(body.utf8.count)\r\n" }
        let answer = try RawHTTP.exchangeBytes(port: port, Array((request + "\r\n" + body).utf8), timeout: timeout, from: source)
        guard let split = answer.firstRange(of: Array("\r\n\r\n".utf8)) else { throw LoopbackHTTPError.noResponse }
        let head = String(decoding: answer[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head.first?.split(separator: " ") ?? []
        guard statusParts.count > 1, let status = Int(statusParts[1]) else { throw LoopbackHTTPError.noResponse }
        var fields: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: fields, body: Data(answer[split.upperBound...]))
    }

    /// `POST /token` for the client-credentials grant, the client authenticating with
    /// `authorization` (e.g. `basic(id, secret)`).
    public static func requestToken(port: Int, authorization: String, timeout: TimeInterval = 5) throws -> Response {
        try send(port: port, "POST", "/token",
                 headers: ["Authorization": authorization, "Content-Type": "application/x-www-form-urlencoded"],
                 body: "grant_type=client_credentials", timeout: timeout)
    }

    /// `Basic base64(id:secret)`.
    public static func basic(_ id: String, _ secret: String) -> String {
        "Basic " + Data("\(id):\(secret)".utf8).base64EncodedString()
    }

    /// Polls `GET /healthz` until it answers 200 or `seconds` pass.
    public static func waitUntilHealthy(port: Int, seconds: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? send(port: port, "GET", "/healthz"))?.status == 200 { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }
}

public enum LoopbackHTTPError: Error {
    case noResponse
}
