import ArgumentParser
import OAuth2Core
import OAuth2Store

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "List, rotate and reseal the JWT signing keys.",
        subcommands: [List.self, Rotate.self, Reseal.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List signing keys, newest first.")
        @OptionGroup var options: StoreOptions

        func run() throws {
            let keys = try options.open().listKeys()
            if options.json { return try Output.json(keys.map(KeyJSON.init)) }
            if keys.isEmpty { return print("no signing keys yet: the first is made when a server starts on this store, or by `oauth2 key rotate`") }
            Output.table(["KID", "ALG", "STATE", "CREATED"], keys.map {
                [$0.kid, $0.alg, $0.state.rawValue, Output.relative($0.createdAt)]
            })
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new active signing key; the previous one stays in the JWKS until its tokens expire.")
        @OptionGroup var options: StoreOptions
        @Option(help: "ES256, RS256 or EdDSA.") var alg = SigningAlgorithm.es256

        func run() throws {
            let key = try options.open().activate(try SigningKeyRecord.generate(alg), actor: .cli)
            if options.json { return try Output.json(KeyJSON(key)) }
            print("new active \(key.alg) key \(key.kid)")
        }
    }

    struct Reseal: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Seal every private signing key with a new key-encryption key (also seals a store not sealed yet).")
        @OptionGroup var options: StoreOptions
        @Option(name: .customLong("new-key-encryption-key-file"),
                help: ArgumentHelp("File of at least 32 random bytes that seals the keys from now on.", valueName: "path"))
        var newKeyEncryptionKeyFile: String

        func run() throws {
            let newKey = try KeyEncryptionKey(contentsOf: newKeyEncryptionKeyFile)
            let count = try options.open().resealKeys(with: newKey, actor: .cli)
            if options.json { return try Output.json(["resealed": count]) }
            print("sealed \(count) signing key(s) with \(newKeyEncryptionKeyFile); from now on give that file to every oauth2 on this store")
        }
    }
}
