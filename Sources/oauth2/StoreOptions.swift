import ArgumentParser
import Foundation
import OAuth2Store

/// The options every admin command shares: which store, and how to print.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("SQLite store file (default: $OAUTH2_DB, else ./oauth2.sqlite).", valueName: "path"))
    var db: String?

    @OptionGroup var keyEncryption: KeyEncryptionOption

    @Flag(name: .long, help: "Print stable JSON instead of tables.")
    var json = false

    init() {}

    init(db: String?) { self.db = db }

    var path: String {
        db ?? ProcessInfo.processInfo.environment["OAUTH2_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? Store.defaultPath
    }

    func open() throws -> Store { try Store(path: path, keyEncryption: try keyEncryption.load()) }
}
