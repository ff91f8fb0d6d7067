import Foundation
import OAuth2Core

/// A JWS in compact serialization (`header.payload.signature`), split once: the header the
/// verifier judges before any signature check, what the signature signs, and the rest still
/// encoded until the signature holds.
struct CompactJWS {
    struct Header: Decodable {
        let alg: String?
        let kid: String?
        let typ: String?
    }

    let header: Header
    /// `header.payload`, the bytes the signature is over.
    let signingInput: Substring.UTF8View
    let payload: Substring.UTF8View
    let signature: Substring.UTF8View

    /// The parts of `token`, or nil when it is not a compact JWS with a JSON header.
    init?(_ token: String) {
        let text = Substring(token)
        let parts = text.utf8.split(separator: UInt8(ascii: "."), maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]),
              let header = try? JSONDecoder().decode(Header.self, from: Data(headerBytes))
        else { return nil }
        self.header = header
        signingInput = text.utf8[parts[0].startIndex..<parts[1].endIndex]
        payload = parts[1]
        signature = parts[2]
    }

    /// RFC 9068 §4: `at+jwt`, with or without the `application/` prefix, in any case.
    var isAccessToken: Bool {
        guard let typ = header.typ?.lowercased() else { return false }
        return typ == "at+jwt" || typ == "application/at+jwt"
    }
}
