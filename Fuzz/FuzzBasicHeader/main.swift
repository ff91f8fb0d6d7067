import Foundation
import FuzzSupport
import OAuth2Core

/// One input is an Authorization header value. Besides not crashing, the parser must agree
/// with the encoding RFC 6749 §2.3.1 prescribes: whatever it accepts encodes back to the
/// same credentials, and any id and secret, encoded, parse back to themselves.
runLibFuzzer { data, size in
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let parsed = credentials(in: String(decoding: bytes, as: UTF8.self)) {
        check(parsed.clientId, parsed.secret)
    }
    // The input split in two, as an id and a secret (an empty id is refused by design).
    let middle = bytes.count / 2
    let id = String(decoding: bytes[..<middle], as: UTF8.self)
    if !id.isEmpty { check(id, String(decoding: bytes[middle...], as: UTF8.self)) }
    return 0
}

private func credentials(in header: String) -> ClientCredentials? {
    try? ClientCredentials.extract(authorization: header, body: FormBody(values: [:]))
}

private func check(_ id: String, _ secret: String) {
    let header = "Basic " + Data((formEncoded(id) + ":" + formEncoded(secret)).utf8).base64EncodedString()
    let parsed = credentials(in: header)
    guard let parsed, parsed.clientId == id, parsed.secret == secret, parsed.method == .basic else {
        fatalError("\(header) parsed as \(String(describing: parsed)), not id \(id.debugDescription), secret \(secret.debugDescription)")
    }
}

/// Every byte but the unreserved ones percent-encoded: what a client sends.
private func formEncoded(_ text: String) -> String {
    text.utf8.map { Percent.unreserved.contains($0) ? String(UnicodeScalar($0)) : "%" + Percent.hex($0) }.joined()
}

private enum Percent {
    static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
    static let digits = Array("0123456789ABCDEF")

    static func hex(_ byte: UInt8) -> String {
        String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
