import Crypto
import Foundation

/// A client secret as the server generates it: 32 bytes from the CSPRNG, shown as
/// `o2s_` followed by 43 base64url characters. The prefix lets secret scanners find
/// leaked secrets; the plaintext exists only in the one response that reveals it.
public struct ClientSecret: Sendable {
    public static let prefix = "o2s_"
    /// How many characters of the secret (prefix included) identify it in listings.
    static let displayPrefixLength = prefix.count + 6

    public let plaintext: String

    public static func generate() -> ClientSecret {
        ClientSecret(plaintext: prefix + Base64URL.encode(RandomBytes.make(count: 32)))
    }

    /// The few leading characters admins see in listings to tell secrets apart.
    public var displayPrefix: String { String(plaintext.prefix(Self.displayPrefixLength)) }

    /// A fresh salt and the salted SHA-256 of this secret, the only form that is stored.
    public func hashed() -> SecretHash {
        SecretHash.make(for: plaintext, salt: RandomBytes.make(count: 16))
    }
}

/// Salted SHA-256 of a secret. Generated secrets carry 256 bits of entropy, so a slow KDF
/// would add latency to every token request without adding protection.
public struct SecretHash: Sendable, Equatable {
    public let salt: [UInt8]
    public let digest: [UInt8]

    public init(salt: [UInt8], digest: [UInt8]) {
        self.salt = salt
        self.digest = digest
    }

    public static func make(for secret: String, salt: [UInt8]) -> SecretHash {
        var hasher = SHA256()
        hasher.update(data: salt)
        hasher.update(data: Array(secret.utf8))
        return SecretHash(salt: salt, digest: Array(hasher.finalize()))
    }

    /// Whether `candidate` hashes to this digest, compared in constant time.
    public func matches(_ candidate: String) -> Bool {
        ConstantTime.equal(SecretHash.make(for: candidate, salt: salt).digest, digest)
    }

    /// Hashes `candidate` against a throwaway salt, so that a request for an unknown client
    /// costs the same work as one for a known client with a wrong secret.
    public static func burnEquivalentWork(for candidate: String) {
        _ = make(for: candidate, salt: decoySalt).digest
    }

    private static let decoySalt = RandomBytes.make(count: 16)
}

public enum ConstantTime {
    /// Compares two byte strings in time that depends only on their lengths.
    public static func equal(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
