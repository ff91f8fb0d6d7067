import Foundation

/// The credentials a request presents, from exactly one of HTTP Basic (RFC 6749 §2.3.1,
/// client_secret_basic) or the body (client_secret_post).
public struct ClientCredentials: Sendable, Equatable {
    public enum Method: String, Sendable { case basic = "client_secret_basic", post = "client_secret_post" }

    public let clientId: String
    public let secret: String
    public let method: Method

    /// Extracts the credentials. Throws invalid_request for two methods at once or a
    /// malformed header, invalid_client (with a Basic challenge) when none are given.
    public static func extract(authorization: String?, body: FormBody) throws(OAuthError) -> ClientCredentials {
        let bodyId = try body.single("client_id")
        let bodySecret = try body.single("client_secret")
        if let authorization {
            let basic = try parseBasic(authorization)
            if bodySecret != nil {
                throw OAuthError(.invalidRequest, "use one client authentication method, not both Basic and client_secret")
            }
            if let bodyId, bodyId != basic.clientId {
                throw OAuthError(.invalidRequest, "client_id in the body differs from the Basic credentials")
            }
            return basic
        }
        guard let bodyId, let bodySecret else {
            throw OAuthError(.invalidClient, "client authentication required", challengeBasic: true)
        }
        return ClientCredentials(clientId: bodyId, secret: bodySecret, method: .post)
    }

    /// `Basic base64(urlencode(id) ":" urlencode(secret))`, per §2.3.1.
    static func parseBasic(_ header: String) throws(OAuthError) -> ClientCredentials {
        // Plain scans over the UTF-8 view: a generic split cost as much as the rest.
        let utf8 = header.utf8
        let space = UInt8(ascii: " ")
        guard let schemeEnd = utf8.firstIndex(of: space), utf8.distance(from: utf8.startIndex, to: schemeEnd) == 5,
              zip(utf8[..<schemeEnd], "basic".utf8).allSatisfy({ $0 | 0x20 == $1 })
        else {
            throw OAuthError(.invalidRequest, "unsupported Authorization scheme; use Basic", challengeBasic: true)
        }
        let start = utf8[schemeEnd...].firstIndex { $0 != space } ?? utf8.endIndex
        let encoded = utf8[start..<(utf8[start...].firstIndex(of: space) ?? utf8.endIndex)]
        guard let bytes = Base64Decoder.decode(encoded, alphabet: .standard),
              let colon = bytes.firstIndex(of: UInt8(ascii: ":"))
        else { throw OAuthError(.invalidRequest, "malformed Basic credentials", challengeBasic: true) }
        let clientId = try FormBody.decode(bytes[..<colon])
        let secret = try FormBody.decode(bytes[(colon + 1)...])
        guard !clientId.isEmpty else { throw OAuthError.badCredentials(challengeBasic: true) }
        return ClientCredentials(clientId: clientId, secret: secret, method: .basic)
    }
}
