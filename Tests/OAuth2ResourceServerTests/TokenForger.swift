import Crypto
import Foundation
import OAuth2Core
import OAuth2Server
import ServerTestSupport

/// Makes JWTs as the harness's authorization server would, signed with its active key,
/// with whatever header and claims a test needs to be wrong.
struct TokenForger {
    let key: SigningKey
    let issuer: String
    static let audience = "https://orders.example"

    init(_ harness: ServerHarness) throws {
        guard let record = try harness.store.activeKey() else { throw HarnessError("no active key") }
        key = try SigningKey(record: record)
        issuer = harness.baseURL
    }

    var header: [String: Any] { ["alg": key.algorithm.rawValue, "kid": key.kid, "typ": "at+jwt"] }

    func claims(now: Int = Int(Date().timeIntervalSince1970)) -> [String: Any] {
        ["iss": issuer, "aud": Self.audience, "sub": "svc", "client_id": "svc", "scope": "read", "jti": UUID().uuidString,
         "iat": now, "exp": now + 300]
    }

    func sign(header: [String: Any]? = nil, claims: [String: Any]? = nil) throws -> String {
        let input = try Self.encode(header ?? self.header) + "." + Self.encode(claims ?? self.claims())
        return input + "." + Base64URL.encode(try key.sign(Array(input.utf8)))
    }

    /// Signed with HMAC-SHA256 keyed by the public key's PEM: the key-confusion attack on
    /// verifiers that let the token choose the algorithm.
    func hmacWithPublicKey() throws -> String {
        guard let x = key.publicJWK["x"].flatMap({ Base64URL.decode(Substring($0).utf8) }),
              let y = key.publicJWK["y"].flatMap({ Base64URL.decode(Substring($0).utf8) }) else { throw HarnessError("not an EC key") }
        let pem = try P256.Signing.PublicKey(x963Representation: [0x04] + x + y).pemRepresentation
        let input = try Self.encode(["alg": "HS256", "kid": key.kid, "typ": "at+jwt"]) + "." + Self.encode(claims())
        let mac = HMAC<SHA256>.authenticationCode(for: Array(input.utf8), using: SymmetricKey(data: Array(pem.utf8)))
        return input + "." + Base64URL.encode(Array(mac))
    }

    static func encode(_ object: [String: Any]) throws -> String {
        Base64URL.encode(Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])))
    }
}
