import ArgumentParser
import Foundation
import OAuth2Store

/// The key-encryption key that seals the store's private signing keys, for every command
/// that opens the store.
struct KeyEncryptionOption: ParsableArguments {
    @Option(name: .customLong("key-encryption-key-file"),
            help: ArgumentHelp("File of at least 32 random bytes that seals the private signing keys at rest (default: $OAUTH2_KEK_FILE; none: plaintext keys).",
                               valueName: "path"))
    var file: String?

    init() {}

    var path: String? {
        file ?? ProcessInfo.processInfo.environment["OAUTH2_KEK_FILE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func load() throws -> KeyEncryptionKey? { try path.map(KeyEncryptionKey.init(contentsOf:)) }
}
