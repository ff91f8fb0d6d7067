import Crypto
import CryptoExtras
import Foundation
import OAuth2Core

/// The private half of a signing key, as a `SigningKeyRecord` holds it in text, with its
/// public JWK members: what making a key and signing with one both need, so the
/// processes that only make keys (the CLI, the console) need no HTTP server for it.
public enum SigningKeyMaterial: Sendable {
    case es256(P256.Signing.PrivateKey)
    case rs256(_RSA.Signing.PrivateKey)
    case edDSA(Curve25519.Signing.PrivateKey)

    /// The key of a record read from the store (unsealed).
    public init(record: SigningKeyRecord) throws {
        guard let algorithm = SigningAlgorithm(rawValue: record.alg) else {
            throw SigningKeyError.unsupportedAlgorithm(record.alg)
        }
        let text = record.privateKey
        switch algorithm {
        case .es256: self = .es256(try P256.Signing.PrivateKey(pemRepresentation: text))
        case .rs256: self = .rs256(try _RSA.Signing.PrivateKey(pemRepresentation: text))
        case .edDSA:
            guard let raw = Data(base64Encoded: text) else { throw SigningKeyError.unreadableKey }
            self = .edDSA(try Curve25519.Signing.PrivateKey(rawRepresentation: raw))
        }
    }

    /// A new random key.
    static func generate(_ algorithm: SigningAlgorithm) throws -> SigningKeyMaterial {
        switch algorithm {
        case .es256: .es256(P256.Signing.PrivateKey())
        case .rs256: .rs256(try _RSA.Signing.PrivateKey(keySize: .bits2048))
        case .edDSA: .edDSA(Curve25519.Signing.PrivateKey())
        }
    }

    public var algorithm: SigningAlgorithm {
        switch self {
        case .es256: .es256
        case .rs256: .rs256
        case .edDSA: .edDSA
        }
    }

    /// The private key as a record stores it: PEM (ES256, RS256) or base64 raw key (EdDSA).
    var privateKeyText: String {
        switch self {
        case let .es256(key): key.pemRepresentation
        case let .rs256(key): key.pemRepresentation
        case let .edDSA(key): key.rawRepresentation.base64EncodedString()
        }
    }

    /// The public half as JWK members (RFC 7517/7518), without kid, use and alg.
    public var publicJWKMembers: [String: String] {
        switch self {
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
}
