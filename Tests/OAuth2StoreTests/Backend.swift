import Foundation
import OAuth2Postgres
import PostgresNIO
import PostgresTestSupport
import Testing
@testable import OAuth2Store

/// What these tests ask of a store: the protocols both backends implement.
typealias TestedStore = ClientDirectory & TokenLedger & KeyStore & AuditLog & ServerRegistry

/// The backends every behaviour test runs on. PostgreSQL needs `$OAUTH2_TEST_POSTGRES`
/// (`scripts/with-postgres swift test`); without it its cases fail, they do not skip.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// Runs `body` with a fresh, empty store of this backend, removed afterwards, whose time
    /// is `clock`'s.
    func withStore(clock: Clock = .system, _ body: (any BackendStore) throws -> Void) async throws {
        switch self {
        case .sqlite:
            try body(SQLiteBackendStore(temporary: try TemporaryStore(clock: clock)))
        case .postgres:
            try await TestPostgres.withFreshDatabase { url in
                let fixture = try PostgresBackendStore(url: url, clock: clock)
                defer { fixture.close() }
                try body(fixture)
            }
        }
    }
}

/// A store under test, with what tests do beside its protocols: seeding token rows (the
/// token writer's job, not the protocols') and plain SQL, which both backends take alike.
protocol BackendStore {
    var store: any TestedStore { get }
    /// The file or URL, as the store's messages name it.
    var location: String { get }
    /// Another store on the same data, as another process (another server) opens it, with
    /// `keyEncryption` for its signing keys.
    func reopen(keyEncryption: KeyEncryptionKey?) throws -> any TestedStore
    func insert(_ tokens: [TokenRecord]) throws
    func execute(_ sql: String) throws
    func rowCount(_ table: String) throws -> Int
}

extension BackendStore {
    func reopen() throws -> any TestedStore { try reopen(keyEncryption: nil) }

    func auditActions() throws -> [String] {
        try store.listAudit(limit: 1000).reversed().map(\.action)
    }
}

struct SQLiteBackendStore: BackendStore {
    let temporary: TemporaryStore
    var store: any TestedStore { temporary.store }
    var location: String { temporary.path }

    func reopen(keyEncryption: KeyEncryptionKey?) throws -> any TestedStore { try temporary.reopen(keyEncryption: keyEncryption) }

    func insert(_ tokens: [TokenRecord]) throws {
        try TokenInserter(store: temporary.store).insert(tokens)
    }

    func execute(_ sql: String) throws {
        try temporary.store.pool.write { try $0.execute(sql: sql) }
    }

    func rowCount(_ table: String) throws -> Int {
        try temporary.store.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }
}

final class PostgresBackendStore: BackendStore {
    let url: PostgresURL
    let postgres: PostgresStore
    /// Every store opened on the database, closed with the fixture.
    private var opened: [PostgresStore] = []

    var store: any TestedStore { postgres }
    var location: String { url.description }

    init(url: PostgresURL, clock: Clock = .system) throws {
        self.url = url
        postgres = try PostgresStore(url: url, clock: clock)
        opened = [postgres]
    }

    func reopen(keyEncryption: KeyEncryptionKey?) throws -> any TestedStore {
        try openAnother(keyEncryption: keyEncryption)
    }

    /// `count` stores on the fixture's database, its own first, as `count` servers would have;
    /// closed with the fixture.
    func servers(_ count: Int) throws -> [PostgresStore] {
        [postgres] + (try (1..<count).map { _ in try openAnother() })
    }

    private func openAnother(keyEncryption: KeyEncryptionKey? = nil) throws -> PostgresStore {
        let other = try PostgresStore(url: url, clock: postgres.clock, keyEncryption: keyEncryption)
        opened.append(other)
        return other
    }

    func close() {
        for store in opened { store.close() }
    }

    /// Plain INSERTs: the group commit that writes tokens in production is tested apart.
    func insert(_ tokens: [TokenRecord]) throws {
        try postgres.database.transaction { session in
            for token in tokens {
                try session.query("""
                    INSERT INTO token (jti, client_id, scope, audience, format, issued_at, expires_at, revoked_at,
                                       revoked_reason, key_id, token_hash)
                    VALUES (\(token.jti), \(token.clientId), \(token.scope), \(token.audience), \(token.format.rawValue),
                            \(token.issuedAt), \(token.expiresAt), \(token.revokedAt), \(token.revokedReason),
                            \(token.keyId), \(token.tokenHash))
                    """)
            }
        }
    }

    func execute(_ sql: String) throws {
        try postgres.database.withConnection { try $0.execute(sql) }
    }

    func rowCount(_ table: String) throws -> Int {
        try postgres.database.withConnection { session in
            try session.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)")).first?.decode(Int.self) ?? 0
        }
    }
}
