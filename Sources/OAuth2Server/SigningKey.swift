import Crypto
import CryptoExtras
import OAuth2Core
import OAuth2Store

/// A signing key ready to sign JWS compact serializations on an event loop: signing is
/// synchronous CPU work of microseconds, with no actor hop (jwt-kit's signing API is
/// async and actor-isolated, which would cost the hot path a suspension per token).
public struct SigningKey: Sendable {
    public let kid: String
    public let algorithm: SigningAlgorithm
    private let material: SigningKeyMaterial
    /// The public half as JWK members (RFC 7517/7518), without kid, use and alg.
    public let publicJWKMembers: [String: String]
    /// The base64url JWS header of RFC 9068 access tokens signed with this key: the same for
    /// every token, so it is encoded once.
    let encodedAccessTokenHeader: String

    public init(record: SigningKeyRecord) throws {
        material = try SigningKeyMaterial(record: record)
        kid = record.kid
        algorithm = material.algorithm
        publicJWKMembers = material.publicJWKMembers
        let header = JSONText.object(["alg": JSONText.quote(algorithm.rawValue), "kid": JSONText.quote(kid),
                                      "typ": JSONText.quote("at+jwt")])
        encodedAccessTokenHeader = Base64URL.encode(Array(header.utf8))
    }

    /// The JWK of the public key, as served in the JWKS.
    public var publicJWK: [String: String] {
        publicJWKMembers.merging(["kid": kid, "use": "sig", "alg": algorithm.rawValue]) { $1 }
    }

    /// The JWS signature of `signingInput` (ES256 as raw r‖s, per RFC 7518 §3.4).
    public func sign(_ signingInput: [UInt8]) throws -> [UInt8] {
        switch material {
        case let .es256(key): Array(try key.signature(for: signingInput).rawRepresentation)
        case let .rs256(key): Array(try key.signature(for: signingInput, padding: .insecurePKCS1v1_5).rawRepresentation)
        case let .edDSA(key): Array(try key.signature(for: signingInput))
        }
    }
}
