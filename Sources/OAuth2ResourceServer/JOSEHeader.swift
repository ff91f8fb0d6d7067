import Foundation
import OAuth2Core

/// The members of a JWS protected header the verifier judges before any signature check.
struct JOSEHeader: Decodable {
    let alg: String?
    let kid: String?
    let typ: String?

    /// The header of a compact JWS (`header.payload.signature`), or nil when `token` is not one.
    static func of(_ token: String) -> JOSEHeader? {
        let parts = token.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, let bytes = Base64URL.decode(Substring(token)[parts[0].startIndex..<parts[0].endIndex].utf8) else {
            return nil
        }
        return try? JSONDecoder().decode(JOSEHeader.self, from: Data(bytes))
    }

    /// RFC 9068 §4: `at+jwt`, with or without the `application/` prefix, in any case.
    var isAccessToken: Bool {
        guard let typ = typ?.lowercased() else { return false }
        return typ == "at+jwt" || typ == "application/at+jwt"
    }
}
