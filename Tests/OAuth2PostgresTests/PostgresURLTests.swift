import Foundation
import OAuth2Postgres
import Testing

@Suite struct PostgresURLTests {
    @Test func parsesEveryPartAndDefaultsToVerifiedTLS() throws {
        let url = try PostgresURL("postgres://app%20user@db.example:6543/oauth")
        #expect(url.user == "app user")
        #expect(url.host == "db.example")
        #expect(url.port == 6543)
        #expect(url.database == "oauth")
        #expect(url.sslMode == .verifyFull)
        #expect(try PostgresURL("postgresql://u@[::1]/d?sslmode=disable").host == "::1")
        #expect(try PostgresURL("postgres://u@h/d?sslmode=require").port == PostgresURL.defaultPort)
    }

    /// `ps` shows every user the arguments of every process: a password there is refused, and
    /// the message, which may reach a log, does not repeat it.
    @Test func refusesAPasswordInTheURLWithoutRepeatingIt() {
        #expect(throws: PostgresStoreError.passwordInURL) { try PostgresURL("postgres://app:s3cret-pw@db/oauth") }
        #expect(!PostgresStoreError.passwordInURL.description.contains("s3cret-pw"))
        #expect(PostgresStoreError.passwordInURL.description.contains("PGPASSWORD"))
    }

    @Test(arguments: [
        "postgres://db/oauth", "postgres://u@/oauth", "postgres://u@db", "postgres://u@db/a/b",
        "postgres://u@db/oauth?sslmode=prefer", "postgres://u@db/oauth?password=x", "postgres://u@db:70000/oauth",
        "mysql://u@db/oauth",
    ])
    func refusesWhatItCannotHonour(_ text: String) {
        #expect(throws: PostgresStoreError.self) { try PostgresURL(text) }
    }

    @Test func findsThePasswordInTheEnvironmentThenTheFirstMatchingPassfileLine() throws {
        let url = try PostgresURL("postgres://app@db.example:5432/oauth")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("pgpass").path
        try """
            # comment
            other.example:*:*:app:wrong
            db.example:5432:oauth:app:pa\\:ss\\\\word
            *:*:*:*:fallback
            """.write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)

        #expect(try PassFile.password(for: url, environment: ["PGPASSFILE": file]) == "pa:ss\\word")
        #expect(try PassFile.password(for: url, environment: ["PGPASSFILE": file, "PGPASSWORD": "env"]) == "env")
        #expect(try PassFile.password(for: try PostgresURL("postgres://x@y/z"), environment: ["PGPASSFILE": file]) == "fallback")
        #expect(try PassFile.password(for: url, environment: ["HOME": directory.path]) == nil)

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        #expect(throws: PostgresStoreError.self) { try PassFile.password(for: url, environment: ["PGPASSFILE": file]) }
    }
}
