import Foundation

/// Errors an admin can act on. Every message is one line, names the offending input and
/// never contains a secret.
public enum StoreError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case cannotOpen(path: String, reason: String)
    case notSQLite(path: String)
    case schemaTooNew(path: String)
    /// SQLite failed on an open store (locked past the busy timeout, I/O error).
    case failed(path: String, reason: String)
    /// The store's filesystem has no room for what was to be written.
    case full(path: String, reason: String)
    case invalid(String)
    case notFound(String)
    case conflict(String)
    /// The store's private signing keys are sealed and no key-encryption key was given.
    case sealedKeys(path: String)
    /// The key-encryption key given does not open the store's signing keys.
    case wrongKeyEncryptionKey(path: String, keyFile: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): "cannot open database \(path): \(reason)"
        case let .notSQLite(path): "\(path) is not an SQLite database; refusing to touch it"
        case let .schemaTooNew(path):
            "\(path) was written by a newer oauth2 (its schema has migrations this binary does not know); upgrade oauth2"
        case let .failed(path, reason): "the store \(path) failed: \(reason)"
        case let .full(path, reason): "the store \(path) cannot grow: \(reason)"
        case let .invalid(message), let .notFound(message), let .conflict(message): message
        case let .sealedKeys(path):
            "the signing keys in \(path) are sealed: give their key-encryption key with --key-encryption-key-file or $OAUTH2_KEK_FILE"
        case let .wrongKeyEncryptionKey(path, keyFile): "the key-encryption key in \(keyFile) does not open the signing keys in \(path)"
        }
    }

    public var errorDescription: String? { description }
}
