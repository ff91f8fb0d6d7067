import Crypto
import OAuth2Core

extension SigningKeyRecord {
    /// A new active key of the given algorithm, whose kid is its RFC 7638 JWK thumbprint.
    public static func generate(_ algorithm: SigningAlgorithm) throws -> SigningKeyRecord {
        let material = try SigningKeyMaterial.generate(algorithm)
        return SigningKeyRecord(kid: thumbprint(of: material.publicJWKMembers), alg: algorithm.rawValue,
                                privateKey: material.privateKeyText, state: .active, createdAt: Clock.system.now())
    }

    /// RFC 7638: SHA-256 over the required members, sorted, without whitespace.
    private static func thumbprint(of members: [String: String]) -> String {
        let json = "{" + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",") + "}"
        return Base64URL.encode(Array(SHA256.hash(data: Array(json.utf8))))
    }
}
