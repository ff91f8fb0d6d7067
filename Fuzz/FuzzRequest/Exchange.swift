/// What one connection got back, and the first rule it breaks:
/// - every byte written is part of a well-formed HTTP/1.1 response (status line, headers,
///   `Content-Length`, then that many bytes of body, or none in answer to HEAD);
/// - no 5xx but 501 (a transfer coding we do not decode): the harness's store is healthy,
///   so nothing can legitimately be unavailable or fail inside;
/// - at most one response per request NIO's decoder found, plus one error answer for bytes
///   it could not frame;
/// - nothing after a response that says `Connection: close`;
/// - the connection is closed once the client has stopped sending and every timeout passed.
struct Exchange {
    let written: [UInt8]
    let requestHeads: Int
    let heldOpen: Bool

    var violation: String? {
        if heldOpen { return "the connection is still open after every timeout" }
        var rest = written[...]
        var responses = 0
        var closed = false
        while !rest.isEmpty {
            if closed { return "bytes written after a response with Connection: close" }
            guard let response = Response(parsing: &rest) else { return "response \(responses + 1) is not well-formed HTTP/1.1" }
            if response.status >= 500 && response.status != 501 { return "status \(response.status)" }
            responses += 1
            closed = response.closes
        }
        if responses > requestHeads + 1 { return "\(responses) responses to \(requestHeads) requests" }
        return nil
    }
}

/// One response's status line and headers, its body skipped.
struct Response {
    let status: Int
    let closes: Bool

    private static let crlf: [UInt8] = Array("\r\n".utf8)

    /// Parses the response at the start of `bytes` and moves past it; nil if none is there.
    init?(parsing bytes: inout ArraySlice<UInt8>) {
        guard let statusLine = Self.line(&bytes), statusLine.starts(with: "HTTP/1.1 ".utf8), statusLine.count >= 13,
              let status = Int(String(decoding: statusLine.dropFirst(9).prefix(3), as: UTF8.self)), (100...599).contains(status)
        else { return nil }
        var length: Int?
        var closes = false
        while true {
            guard let header = Self.line(&bytes) else { return nil }
            if header.isEmpty { break }
            guard let colon = header.firstIndex(of: UInt8(ascii: ":")), colon > header.startIndex else { return nil }
            let name = String(decoding: header[..<colon], as: UTF8.self).lowercased()
            let value = String(decoding: header[(colon + 1)...], as: UTF8.self).trimmingSpaces
            if name == "content-length" {
                guard length == nil, let parsed = Int(value), parsed >= 0 else { return nil }
                length = parsed
            }
            if name == "connection" && value.lowercased() == "close" { closes = true }
        }
        guard let length else { return nil }
        // An answer to HEAD has the length of a body it leaves out: then the next response,
        // or the end, follows at once. No body of ours starts like a status line.
        if !(bytes.isEmpty || bytes.starts(with: "HTTP/1.1 ".utf8)) {
            guard bytes.count >= length else { return nil }
            bytes = bytes.dropFirst(length)
        }
        self.status = status
        self.closes = closes
    }

    /// The next CRLF-terminated line, without its CRLF.
    private static func line(_ bytes: inout ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: crlf) }) else { return nil }
        let line = bytes[..<end]
        bytes = bytes[(end + 2)...]
        return line
    }
}

private extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
