import Foundation
import GRDB
import OAuth2Postgres
import OAuth2Store
import PostgresTestSupport
import Testing
import TestSupport

@Suite(.timeLimit(.minutes(3))) struct PostgresMigrationTests {
    @Test func migratingTwiceAppliesTheSchemaOnceAndRecordsIt() async throws {
        try await TestPostgres.withFreshDatabase { url in
            let first = try PostgresDatabase.open(url) { try PostgresMigrator.migrate($0) }
            let second = try PostgresDatabase.open(url) { try PostgresMigrator.migrate($0) }
            #expect(first.count == PostgresMigrator.latestVersion)
            #expect(second.isEmpty)
            let versions = try await TestPostgres.values("SELECT version FROM oauth2_schema_migration ORDER BY version",
                                                       as: Int.self, in: url)
            #expect(versions == Array(1...PostgresMigrator.latestVersion))
        }
    }

    /// Servers starting together: each migrates on its own connections; the advisory lock
    /// queues them migration by migration, and each finds done what another did instead of
    /// failing on tables that already exist.
    @Test func migrationsStartedTogetherDoNotRace() async throws {
        try await TestPostgres.withFreshDatabase { url in
            // Four at once: without the lock, they fail on each other's tables nearly every run.
            let applied = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    // Threads of their own: each migration waits on its thread.
                    group.addTask {
                        try await onThreadOfItsOwn { Result { try PostgresDatabase.open(url) { try PostgresMigrator.migrate($0) }.count } }.get()
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // Each migration is applied once, by whichever process held the lock for it.
            #expect(applied.reduce(0, +) == PostgresMigrator.latestVersion)
            #expect(try await TestPostgres.values("SELECT count(*) FROM oauth2_schema_migration", as: Int.self, in: url)
                == [PostgresMigrator.latestVersion])
        }
    }

    /// Every table and column of the SQLite store exists in PostgreSQL, and the copy carries
    /// every column of the tables it copies: nothing is lost in a copy or forgotten when a
    /// SQLite migration is added.
    @Test func thePostgresSchemaAndTheCopyHaveEverySQLiteColumn() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("oauth2-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        _ = try SQLiteStore(path: path)
        let sqlite = try await DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: """
                SELECT m.name || '.' || c.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
                WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'grdb_%'
                """)
        }
        try await TestPostgres.withFreshDatabase { url in
            try PostgresDatabase.open(url) { try PostgresMigrator.migrate($0) }
            let postgres = try await TestPostgres.values("""
                SELECT table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name <> 'oauth2_schema_migration'
                """, as: String.self, in: url)
            #expect(Set(sqlite) == Set(postgres))
        }
        // A copied table carries every column it has.
        for table in CopiedTable.all {
            #expect(Set(table.columns.map { "\(table.name).\($0.name)" }) == Set(sqlite.filter { $0.hasPrefix(table.name + ".") }))
        }
    }

    /// The triggers bump the generation on a client change, as SQLite's do.
    @Test func aClientChangeBumpsTheGeneration() async throws {
        try await TestPostgres.withFreshDatabase { url in
            try PostgresDatabase.open(url) { try PostgresMigrator.migrate($0) }
            let before = try await TestPostgres.values("SELECT value FROM client_generation", as: Int64.self, in: url)
            try await TestPostgres.execute("INSERT INTO scope (name, created_at) VALUES ('read', 0)", on: url)
            let after = try await TestPostgres.values("SELECT value FROM client_generation", as: Int64.self, in: url)
            #expect(after[0] > before[0])
        }
    }
}
