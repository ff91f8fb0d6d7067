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

    /// The SQLite file to open, for what only a SQLite store has (resealing its keys); a
    /// PostgreSQL URL is refused plainly rather than taken for a file name.
    func sqlitePath() throws -> String {
        guard !PostgresURL.isPostgres(location) else {
            throw CommandFailure("this command works on a SQLite store only; give --db (or $OAUTH2_DB) a SQLite file")
        }
        return location
    }

    func open() throws -> any Store { try Self.openStore(at: location, keyEncryption: keyEncryption) }

    func openSQLite() throws -> SQLiteStore { try SQLiteStore(path: try sqlitePath(), keyEncryption: try keyEncryption.load()) }

    /// The store at `location`: a PostgreSQL database for a `postgres://` URL (with at most
    /// `connections` connections), else a SQLite file. `durability`: the token commits'
    /// (unset: `normal` on SQLite, the database's own on PostgreSQL).
    static func openStore(at location: String, keyEncryption: KeyEncryptionOption, durability: Durability? = nil,
                     actor: AuditActor = .cli, connections: Int = 2) throws -> any Store {
        guard PostgresURL.isPostgres(location) else {
            return try SQLiteStore(path: location, durability: durability ?? .normal, keyEncryption: try keyEncryption.load(), actor: actor)
        }
        guard keyEncryption.path == nil else {
            throw CommandFailure("sealing signing keys with a key-encryption key is not available on a PostgreSQL store in this version; "
                + "protect the database instead (its access rights, TLS, encrypted storage)")
        }
        return try PostgresStore(url: try PostgresURL(location), connections: connections, tokenDurability: durability)
    }
}
