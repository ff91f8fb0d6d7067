import ArgumentParser
import Foundation
import OAuth2Core
import OAuth2Postgres
import OAuth2Store

/// The options every admin command shares: which store, and how to print.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(StoreOptions.dbHelp, valueName: "path|url"))
    var db: String?

    @OptionGroup var keyEncryption: KeyEncryptionOption

    @Flag(name: .long, help: "Print stable JSON instead of tables.")
    var json = false

    static let dbHelp = "SQLite store file, or postgres://USER@HOST:PORT/DB?sslmode=disable|require|verify-full (password from $PGPASSWORD or ~/.pgpass) (default: $OAUTH2_DB, else ./oauth2.sqlite)."

    init() {}

    init(db: String?) { self.db = db }

    /// `--db`, else `$OAUTH2_DB`, else the default file: a SQLite path or a PostgreSQL URL.
    var location: String {
        db ?? ProcessInfo.processInfo.environment["OAUTH2_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? SQLiteStore.defaultPath
    }

    func open() throws -> any Store { try Self.openStore(at: location, keyEncryption: keyEncryption) }


    /// The store at `location`: a PostgreSQL database for a `postgres://` URL (with at most
    /// `connections` connections), else a SQLite file. `durability`: the token commits'
    /// (unset: `normal` on SQLite, the database's own on PostgreSQL).
    static func openStore(at location: String, keyEncryption: KeyEncryptionOption, durability: Durability? = nil,
                     actor: AuditActor = .cli, connections: Int = 2) throws -> any Store {
        guard PostgresURL.isPostgres(location) else {
            return try SQLiteStore(path: location, durability: durability ?? .normal, keyEncryption: try keyEncryption.load(), actor: actor)
        }
        return try PostgresStore(url: try PostgresURL(location), connections: connections, tokenDurability: durability,
                                 keyEncryption: try keyEncryption.load(), actor: actor)
    }
}
