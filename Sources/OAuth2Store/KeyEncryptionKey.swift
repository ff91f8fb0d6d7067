import Crypto
import Foundation

/// The secret that seals private signing keys at rest with AES-256-GCM, read from a file
/// kept apart from the store. The AES key is derived with HKDF-SHA256 from the file's bytes,
/// so any file of at least 32 random bytes serves (`openssl rand -base64 32 > FILE`).
public struct KeyEncryptionKey: Sendable {
    private let key: SymmetricKey
    /// Where it was read from, for messages.
    public let path: String

    static let minimumSecretBytes = 32
    static let sealedPrefix = "sealed-v1:"
    private static let salt = Array("oauth2 key-encryption key".utf8)
    private static let info = Array("signing keys v1".utf8)

    /// Reads the key from `path`; a trailing newline is not part of it.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError.invalid("cannot read the key-encryption key file \(path)")
        }
        var secret = Array(data)
        while let last = secret.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { secret.removeLast() }
        guard secret.count >= Self.minimumSecretBytes else {
            throw StoreError.invalid("the key-encryption key file \(path) holds \(secret.count) bytes; it needs at least "
                                     + "\(Self.minimumSecretBytes) random bytes (e.g. `openssl rand -base64 32 > \(path)`)")
        }
        self.init(secret: secret, path: path)
    }

    init(secret: [UInt8], path: String) {
        key = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: secret), salt: Self.salt, info: Self.info,
                                     outputByteCount: 32)
        self.path = path
    }

    static func isSealed(_ text: String) -> Bool { text.hasPrefix(sealedPrefix) }

    /// `sealed-v1:` and base64 of nonce ‖ ciphertext ‖ tag. `context` (a key's kid) is
    /// authenticated with it, so a sealed value moved to another row does not open.
    func seal(_ plaintext: String, context: String) throws -> String {
        let box = try AES.GCM.seal(Array(plaintext.utf8), using: key, authenticating: Array(context.utf8))
        guard let combined = box.combined else { throw StoreError.invalid("AES-GCM gave no combined form") }
        return Self.sealedPrefix + combined.base64EncodedString()
    }

    /// The plaintext of `sealed`, or nil when this key did not seal it for `context`.
    func open(_ sealed: String, context: String) -> String? {
        guard Self.isSealed(sealed), let combined = Data(base64Encoded: String(sealed.dropFirst(Self.sealedPrefix.count))),
              let box = try? AES.GCM.SealedBox(combined: combined),
              let plaintext = try? AES.GCM.open(box, using: key, authenticating: Array(context.utf8))
        else { return nil }
        return String(decoding: plaintext, as: UTF8.self)
    }
}
