import Crypto
import CryptoExtras
import Foundation
import OAuth2Core
import OAuth2Store

/// A signing key ready to sign JWS compact serializations on an event loop: signing is
/// synchronous CPU work of microseconds, with no actor hop (jwt-kit's signing API is
/// async and actor-isolated, which would cost the hot path a suspension per token).
public struct SigningKey: Sendable {
    public let kid: String
    public let algorithm: SigningAlgorithm
    private let material: Material
    /// The public half as JWK members (RFC 7517/7518), without kid, use and alg.
    public let publicJWKMembers: [String: String]
    /// The base64url JWS header of RFC 9068 access tokens signed with this key: the same for
    /// every token, so it is encoded once.
    let encodedAccessTokenHeader: String

    enum Material: Sendable {
        case es256(P256.Signing.PrivateKey)
        case rs256(_RSA.Signing.PrivateKey)
        case edDSA(Curve25519.Signing.PrivateKey)
    }

    public init(record: SigningKeyRecord) throws {
        guard let algorithm = SigningAlgorithm(rawValue: record.alg) else {
            throw SigningKeyError.unsupportedAlgorithm(record.alg)
        }
        self.init(kid: record.kid, material: try Self.material(algorithm, record.privateKey))
    }

    private init(kid: String, material: Material) {
        self.kid = kid
        self.material = material
        switch material {
        case .es256: algorithm = .es256
        case .rs256: algorithm = .rs256
        case .edDSA: algorithm = .edDSA
        }
        publicJWKMembers = Self.publicMembers(of: material)
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

    /// A new key of the given algorithm, as a store record whose kid is its RFC 7638
    /// JWK thumbprint.
    public static func generate(_ algorithm: SigningAlgorithm) throws -> SigningKeyRecord {
        let material: Material
        let privateText: String
        switch algorithm {
        case .es256:
            let key = P256.Signing.PrivateKey()
            (material, privateText) = (.es256(key), key.pemRepresentation)
        case .rs256:
            let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            (material, privateText) = (.rs256(key), key.pemRepresentation)
        case .edDSA:
            let key = Curve25519.Signing.PrivateKey()
            (material, privateText) = (.edDSA(key), key.rawRepresentation.base64EncodedString())
        }
        let kid = thumbprint(of: publicMembers(of: material))
        return SigningKeyRecord(kid: kid, alg: algorithm.rawValue, privateKey: privateText, state: .active, createdAt: Clock.now())
    }

    private static func material(_ algorithm: SigningAlgorithm, _ text: String) throws -> Material {
        switch algorithm {
        case .es256: return .es256(try P256.Signing.PrivateKey(pemRepresentation: text))
        case .rs256: return .rs256(try _RSA.Signing.PrivateKey(pemRepresentation: text))
        case .edDSA:
            guard let raw = Data(base64Encoded: text) else { throw SigningKeyError.unreadableKey }
            return .edDSA(try Curve25519.Signing.PrivateKey(rawRepresentation: raw))
        }
    }

    private static func publicMembers(of material: Material) -> [String: String] {
        switch material {
        case let .es256(key):
            let point = Array(key.publicKey.x963Representation)  // 0x04 ‖ x ‖ y
            return ["kty": "EC", "crv": "P-256", "x": Base64URL.encode(Array(point[1...32])), "y": Base64URL.encode(Array(point[33...64]))]
        case let .rs256(key):
            let primitives = try? key.publicKey.getKeyPrimitives()
            return ["kty": "RSA", "n": Base64URL.encode(Array(primitives?.modulus ?? Data())),
                    "e": Base64URL.encode(Array(primitives?.publicExponent ?? Data()))]
        case let .edDSA(key):
            return ["kty": "OKP", "crv": "Ed25519", "x": Base64URL.encode(Array(key.publicKey.rawRepresentation))]
        }
    }

    /// RFC 7638: SHA-256 over the required members, sorted, without whitespace.
    private static func thumbprint(of members: [String: String]) -> String {
        let json = "{" + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",") + "}"
        return Base64URL.encode(Array(SHA256.hash(data: Array(json.utf8))))
    }
}

public enum SigningKeyError: Error, CustomStringConvertible {
    case unsupportedAlgorithm(String)
    case unreadableKey

    public var description: String {
        switch self {
        case let .unsupportedAlgorithm(alg): "signing key algorithm \(alg) is not supported"
        case .unreadableKey: "a signing key in the store could not be read"
        }
    }
}
