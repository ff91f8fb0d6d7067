import Foundation
import Logging
import OAuth2Postgres
import PostgresNIO

/// The PostgreSQL server these tests use, named by `$OAUTH2_TEST_POSTGRES` (`.ci/run` starts a
/// throwaway one and sets it). Each test gets a database of its own on it, dropped afterwards.
public enum TestPostgres {
    public static let variable = "OAUTH2_TEST_POSTGRES"

    public struct NotConfigured: Error, CustomStringConvertible {
        public var description: String {
            """
            \(TestPostgres.variable) is not set: these tests need a PostgreSQL server. `scripts/with-postgres swift test` \
            runs the tests with a throwaway one; by hand: initdb -D /tmp/pg -U oauth2 --auth=trust && pg_ctl -D /tmp/pg -o '-p 55432 -k /tmp' start, \
            then export \(TestPostgres.variable)='postgres://oauth2@127.0.0.1:55432/postgres?sslmode=disable' \
            (and PGPASSWORD if the server asks for one)
            """
        }
    }

    /// The server's URL, as the variable gives it.
    public static func server() throws -> PostgresURL {
        guard let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty else { throw NotConfigured() }
        return try PostgresURL(text)
    }

    /// Runs `body` with a new, empty database, dropped afterwards whatever `body` does.
    public static func withFreshDatabase<T>(_ body: (PostgresURL) async throws -> T) async throws -> T {
        let server = try server()
        let name = "oauth2_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await execute("CREATE DATABASE \(name)", on: server)
        do {
            let result = try await body(try server.inDatabase(name))
            try await execute("DROP DATABASE \(name) WITH (FORCE)", on: server)
            return result
        } catch {
            try? await execute("DROP DATABASE \(name) WITH (FORCE)", on: server)
            throw error
        }
    }

    /// Runs one statement outside any transaction (`CREATE DATABASE` refuses to run in one).
    public static func execute(_ sql: String, on url: PostgresURL) async throws {
        try await withConnection(url) { try await $0.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
    }

    /// The rows `sql` returns.
    public static func rows(_ sql: String, in url: PostgresURL) async throws -> [PostgresRow] {
        try await withConnection(url) { connection in
            var rows: [PostgresRow] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) { rows.append(row) }
            return rows
        }
    }

    /// The first column of the rows `sql` returns.
    public static func values<Value: PostgresDecodable>(_ sql: String, as type: Value.Type, in url: PostgresURL) async throws -> [Value] {
        try await rows(sql, in: url).map { try $0.decode(Value.self) }
    }

    /// A plain connection to `url` for `body`, closed afterwards: the tests' own reading and
    /// administration, apart from the code under test.
    @discardableResult
    public static func withConnection<T: Sendable>(_ url: PostgresURL, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: try PassFile.password(for: url),
            database: url.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    public static let logger = Logger(label: "oauth2.postgres.tests") { _ in SwiftLogNoOpLogHandler() }
}
