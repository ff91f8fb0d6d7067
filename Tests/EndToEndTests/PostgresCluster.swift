import Foundation
import OAuth2Postgres
import TestSupport

/// A PostgreSQL cluster of a test's own (`scripts/postgres-cluster`, as `scripts/with-postgres`
/// makes the shared one), for a test that stops and starts the database: every other suite
/// goes on using the shared one meanwhile. Its password is `$PGPASSWORD`, as the shared one's.
struct PostgresCluster {
    let directory: URL
    let port: Int
    /// Its `postgres` database.
    let url: PostgresURL

    static let script = OAuth2Binary.packageRoot.appendingPathComponent("scripts/postgres-cluster").path

    /// A new cluster, started.
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("oauth2-cluster-\(UUID().uuidString)")
        port = try freeLoopbackPort()
        url = try PostgresURL("postgres://oauth2@127.0.0.1:\(port)/postgres?sslmode=disable")
        try Self.run("init", directory.path)
        try start()
    }

    func start() throws {
        try Self.run("start", directory.path, String(port))
    }

    /// `immediate`: as a crash, with no checkpoint; the next start recovers from the WAL.
    func stop(immediately: Bool = false) throws {
        try Self.run("stop", directory.path, immediately ? "immediate" : "fast")
    }

    /// Stops it if it runs, and deletes it.
    func remove() {
        try? stop(immediately: true)
        try? FileManager.default.removeItem(at: directory)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private static func run(_ arguments: String...) throws {
        let result = try ChildProcess.run(script, arguments, timeout: 90)
        guard result.status == 0, !result.timedOut else {
            throw Failure(description: "scripts/postgres-cluster \(arguments.joined(separator: " ")): \(result.stderr)")
        }
    }
}
