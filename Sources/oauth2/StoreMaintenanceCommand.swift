import ArgumentParser
import Foundation
import OAuth2Postgres
import OAuth2Store

/// `oauth2 store`: prepares a PostgreSQL store. (Named apart from the console's
/// `StoreCommand`, which is an edit the console asks of its store.)
struct StoreMaintenanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Prepare a PostgreSQL store: apply its schema, copy a SQLite store into it.",
        subcommands: [Migrate.self, Copy.self])

    /// Options both subcommands share: how long to wait for the database, and how to print.
    struct Connection: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp("Seconds to wait for the database to answer (default: 10).", valueName: "seconds"))
        var connectTimeout: Int = 10

        @Flag(name: .long, help: "Print stable JSON instead of text.")
        var json = false

        func validate() throws {
            guard (1...600).contains(connectTimeout) else { throw ValidationError("--connect-timeout must be 1 to 600 seconds") }
        }

        func open<T>(_ url: PostgresURL, _ body: (PostgresDatabase) throws -> T) throws -> T {
            try PostgresDatabase.open(url, timeout: .seconds(Int64(connectTimeout)), body)
        }
    }

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply the PostgreSQL schema (what is missing of it; safe to run again, and beside starting servers).")
        @Option(name: .long, help: ArgumentHelp("postgres://USER@HOST:PORT/DB?sslmode=disable|require|verify-full (default: $OAUTH2_DB). The password comes from $PGPASSWORD or ~/.pgpass ($PGPASSFILE), never from the URL.",
                                                valueName: "url"))
        var db: String?
        @OptionGroup var connection: Connection

        func run() throws {
            let location = StoreOptions(db: db).location
            guard PostgresURL.isPostgres(location) else {
                throw CommandFailure("store migrate needs a postgres:// URL in --db or $OAUTH2_DB (a SQLite store migrates itself when opened)")
            }
            let url = try PostgresURL(location)
            let applied = try connection.open(url) { try PostgresMigrator.migrate($0) }
            if connection.json {
                return try Output.json(MigrationJSON(database: url.description, applied: applied, version: PostgresMigrator.latestVersion))
            }
            if applied.isEmpty {
                print("\(url): schema up to date (version \(PostgresMigrator.latestVersion))")
            } else {
                applied.forEach { print("\(url): applied \($0)") }
            }
        }
    }

    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a SQLite store into an empty PostgreSQL store, in one transaction.",
            discussion: """
                Copies clients, secret hashes, scopes, client scopes and audiences, signing keys as stored \
                (sealed keys stay sealed: serve with the same key-encryption key), tokens not yet expired, revocation entries still kept, and the audit \
                trail. Applies the schema first. Refuses a database that already holds any of these rows.
                """)
        @Option(name: .long, help: ArgumentHelp("The SQLite store to copy.", valueName: "path"))
        var from: String
        @Option(name: .long, help: ArgumentHelp("postgres://USER@HOST:PORT/DB?sslmode=disable|require|verify-full (password from $PGPASSWORD or ~/.pgpass).",
                                                valueName: "url"))
        var to: String
        @OptionGroup var connection: Connection

        func run() throws {
            let url = try PostgresURL(to)
            guard FileManager.default.fileExists(atPath: from) else { throw CommandFailure("no SQLite store at \(from)") }
            let rows = try SQLiteStore(path: from).rowsToCopy()
            let copied = try connection.open(url) { try StoreCopy.copy(rows, into: $0) }
            if connection.json {
                return try Output.json(CopyJSON(from: from, to: url.description,
                                                rows: Dictionary(uniqueKeysWithValues: copied.map { ($0.table, $0.rows) })))
            }
            print("copied \(from) into \(url):")
            Output.table(["TABLE", "ROWS"], copied.map { [$0.table, String($0.rows)] })
        }
    }
}
