import ArgumentParser
import Foundation
import OAuth2Postgres
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

    /// `--db`, else `$OAUTH2_DB`, else the default file: a SQLite path or a PostgreSQL URL.
    var location: String {
        db ?? ProcessInfo.processInfo.environment["OAUTH2_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? SQLiteStore.defaultPath
    }

    /// The SQLite file to open. A PostgreSQL URL is refused plainly rather than taken for a
    /// file name: this version prepares a PostgreSQL store (`oauth2 store`) but cannot yet
    /// serve or administer one.
    func sqlitePath() throws -> String {
        guard !PostgresURL.isPostgres(location) else {
            throw CommandFailure("serving and administering a PostgreSQL store is not available in this version; "
                + "only `oauth2 store migrate` and `oauth2 store copy` use PostgreSQL. Give --db (or $OAUTH2_DB) a SQLite file")
        }
        return location
    }

    func open() throws -> any Store { try openSQLite() }

    func openSQLite() throws -> SQLiteStore { try SQLiteStore(path: try sqlitePath(), keyEncryption: try keyEncryption.load()) }
}
