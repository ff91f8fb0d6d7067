import OAuth2Postgres
import PostgresTestSupport
import Testing

/// TLS to the database as `sslmode` asks, against the test server's self-signed certificate
/// (`.ci/run` starts the server with `ssl=on`).
@Suite(.timeLimit(.minutes(3))) struct PostgresTLSTests {
    struct NoTLS: Error, CustomStringConvertible {
        var description: String { "the test server must have ssl=on with a certificate, as .ci/run starts it" }
    }

    func server(sslMode: SSLMode) async throws -> PostgresURL {
        let server = try TestPostgres.server()
        guard try await TestPostgres.values("SHOW ssl", as: String.self, in: server) == ["on"] else { throw NoTLS() }
        return try PostgresURL("postgres://\(server.user)@\(server.host):\(server.port)/\(server.database)?sslmode=\(sslMode.rawValue)")
    }

    /// `require` encrypts: the server reports our own session as TLS.
    @Test func requireGetsAnEncryptedConnection() async throws {
        let url = try await server(sslMode: .require)
        let encrypted = try PostgresDatabase.open(url) { database in
            try database.transaction { session in
                try session.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").map { try $0.decode(Bool.self) }
            }
        }
        #expect(encrypted == [true])
    }

    /// `verify-full` checks the certificate: one that no trusted root signed is refused.
    @Test func verifyFullRefusesAnUntrustedCertificate() async throws {
        let url = try await server(sslMode: .verifyFull)
        #expect {
            try PostgresDatabase.open(url) { _ in }
        } throws: { error in
            guard case .unreachable(_, let reason) = error as? PostgresStoreError else { return false }
            return reason.hasPrefix("the server's TLS certificate is not signed by a root this system trusts")
        }
    }
}
