import GRDB

/// The schema, as numbered migrations. A shipped migration is never edited: changes come as
/// new migrations appended here.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 initial schema", migrate: createInitialSchema)
        migrator.registerMigration("v2 client generation and append-only tokens", migrate: addClientGenerationAndAppendOnlyTokens)
        migrator.registerMigration("v3 write probe", migrate: addWriteProbe)
        migrator.registerMigration("v3-server-presence", migrate: addServerPresence)
        migrator.registerMigration("v3-sealed-signing-keys", migrate: addKeySealing)
        migrator.registerMigration("v4-revocation-feed", migrate: addRevocationFeed)
        migrator.registerMigration("v5-revocation-feed-by-client", migrate: indexClientWideRevocations)
        return migrator
    }

    private static func createInitialSchema(_ db: Database) throws {
        try db.create(table: "client") { t in
            t.primaryKey("id", .text)
            t.column("name", .text).notNull().unique()
            t.column("status", .text).notNull().check(sql: "status IN ('active', 'disabled')")
            t.column("token_ttl", .integer).notNull()
            t.column("token_format", .text).notNull().check(sql: "token_format IN ('jwt', 'opaque')")
            t.column("can_introspect", .boolean).notNull().defaults(to: false)
            t.column("created_at", .integer).notNull()
            t.column("updated_at", .integer).notNull()
        }
        try db.create(table: "client_secret") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("client_id", .text).notNull().indexed()
                .references("client", onDelete: .cascade)
            t.column("hash", .blob).notNull()
            t.column("salt", .blob).notNull()
            t.column("display_prefix", .text).notNull()
            t.column("created_at", .integer).notNull()
            t.column("expires_at", .integer)
            t.column("ended_at", .integer)
        }
        try db.create(table: "scope") { t in
            t.primaryKey("name", .text)
            t.column("description", .text).notNull().defaults(to: "")
            t.column("created_at", .integer).notNull()
        }
        try db.create(table: "client_scope") { t in
            t.column("client_id", .text).notNull().references("client", onDelete: .cascade)
            t.column("scope_name", .text).notNull().indexed()
                .references("scope", onDelete: .cascade)
            t.primaryKey(["client_id", "scope_name"])
        }
        try db.create(table: "client_audience") { t in
            t.column("client_id", .text).notNull().references("client", onDelete: .cascade)
            t.column("audience", .text).notNull()
            t.primaryKey(["client_id", "audience"])
        }
        // Tokens outlive their client's row (a deleted client's tokens stay, revoked, for the
        // record until purged), so client_id carries no foreign key.
        try db.create(table: "token") { t in
            t.primaryKey("jti", .text)
            t.column("client_id", .text).notNull()
            t.column("scope", .text).notNull()
            t.column("audience", .text).notNull()
            t.column("format", .text).notNull()
            t.column("issued_at", .integer).notNull()
            t.column("expires_at", .integer).notNull()
            t.column("revoked_at", .integer)
            t.column("revoked_reason", .text)
            t.column("key_id", .text)
            t.column("token_hash", .blob).unique()
        }
        try db.create(index: "token_by_client", on: "token", columns: ["client_id", "expires_at"])
        try db.create(index: "token_by_expiry", on: "token", columns: ["expires_at"])
        try db.create(index: "token_by_issue", on: "token", columns: ["issued_at"])
        try db.create(index: "token_by_key", on: "token", columns: ["key_id", "expires_at"])
        try db.create(table: "signing_key") { t in
            t.primaryKey("kid", .text)
            t.column("alg", .text).notNull()
            t.column("private_key", .text).notNull()
            t.column("state", .text).notNull().check(sql: "state IN ('active', 'retiring', 'retired')")
            t.column("created_at", .integer).notNull()
            t.column("retiring_at", .integer)
            t.column("retired_at", .integer)
        }
        try db.execute(sql: "CREATE UNIQUE INDEX one_active_signing_key ON signing_key(state) WHERE state = 'active'")
        try db.create(table: "audit_event") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("at", .integer).notNull().indexed()
            t.column("actor", .text).notNull()
            t.column("action", .text).notNull()
            t.column("subject", .text).notNull()
            t.column("details", .text).notNull()
        }
    }

    /// Two changes for the request path, which reads clients and writes tokens thousands of
    /// times a second:
    ///
    /// - `client_generation`, bumped by triggers on every change to what authentication reads
    ///   (clients, their secrets, scopes and audiences), from any process. The server caches
    ///   clients and checks this one integer per request instead of re-reading the client.
    /// - The token table keyed by its jti alone (`WITHOUT ROWID`), with no index on the token
    ///   hash. New jtis start with their issue time, so each insert appends to the right edge
    ///   of every B-tree instead of dirtying a random page of a hash index: a group commit
    ///   then writes a few pages, not one per token. A presented token is found by the jti it
    ///   carries and accepted only if its hash matches the row. Opaque tokens issued under v1
    ///   carry no jti and are no longer found; they lapse within their lifetime. The client and
    ///   expiry indexes carry `revoked_at`, so counting live tokens reads the index alone.
    private static func addClientGenerationAndAppendOnlyTokens(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE client_generation (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
            INSERT INTO client_generation (id, value) VALUES (1, 0);
            """)
        for table in ["client", "client_secret", "client_scope", "client_audience", "scope"] {
            for event in ["INSERT", "UPDATE", "DELETE"] {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_\(event.lowercased())_bumps_generation AFTER \(event) ON \(table)
                    BEGIN UPDATE client_generation SET value = value + 1; END
                    """)
            }
        }
        try db.execute(sql: """
            CREATE TABLE token_v2 (
                jti TEXT NOT NULL PRIMARY KEY,
                client_id TEXT NOT NULL,
                scope TEXT NOT NULL,
                audience TEXT NOT NULL,
                format TEXT NOT NULL,
                issued_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                revoked_at INTEGER,
                revoked_reason TEXT,
                key_id TEXT,
                token_hash BLOB
            ) WITHOUT ROWID;
            INSERT INTO token_v2 SELECT jti, client_id, scope, audience, format, issued_at, expires_at,
                revoked_at, revoked_reason, key_id, token_hash FROM token;
            DROP TABLE token;
            ALTER TABLE token_v2 RENAME TO token;
            CREATE INDEX token_by_client ON token(client_id, expires_at, revoked_at);
            CREATE INDEX token_by_expiry ON token(expires_at, revoked_at);
            CREATE INDEX token_by_issue ON token(issued_at);
            CREATE INDEX token_by_key ON token(key_id, expires_at);
            """)
    }

    /// One row the token writer rewrites to prove, for /healthz, that a commit still goes
    /// through (a full disk, a lost file) when no token has lately.
    private static func addWriteProbe(_ db: Database) throws {
        try db.create(table: "write_probe") { t in
            t.primaryKey("id", .integer).check(sql: "id = 1")
            t.column("probed_at", .integer).notNull()
        }
    }

    /// Each serving process (`serve`, a console's embedded endpoint) keeps one row here up to
    /// date every second: where it listens and its running totals of tokens issued and
    /// requests denied. An attached console reads it to show the URL that is really served,
    /// whether anyone still serves (a row not refreshed for a while is stale), and the
    /// denial rate, which no other table records.
    private static func addServerPresence(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE server_presence (
                id TEXT NOT NULL PRIMARY KEY,
                url TEXT NOT NULL,
                pid INTEGER NOT NULL,
                started_at INTEGER NOT NULL,
                seen_at INTEGER NOT NULL,
                issued INTEGER NOT NULL,
                denied INTEGER NOT NULL
            )
            """)
    }

    /// Whether the private signing keys are sealed with a key-encryption key: a row here holds
    /// a known text sealed with it, so a wrong key is told apart before any signing key is
    /// read, and a sealed store without keys yet is still known to be sealed.
    private static func addKeySealing(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE key_sealing (id INTEGER PRIMARY KEY CHECK (id = 1), verifier TEXT NOT NULL, sealed_at INTEGER NOT NULL)
            """)
    }

    /// What resource servers that verify tokens locally must stop accepting, in the order it
    /// happened (`seq`, the feed's cursor): one token by its jti, or (jti NULL) every token of
    /// a client issued at or before `issued_through`, so that revoking a client's millions of
    /// live tokens is one row. A row is kept until `expires_at`, after which every token it
    /// names has expired anyway.
    private static func addRevocationFeed(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE revocation_feed (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                client_id TEXT NOT NULL,
                jti TEXT,
                issued_through INTEGER,
                expires_at INTEGER NOT NULL,
                CHECK ((jti IS NULL) <> (issued_through IS NULL))
            );
            CREATE INDEX revocation_feed_by_expiry ON revocation_feed(expires_at);
            """)
    }

    /// A client's latest client-wide revocation, read with the client for authentication
    /// and introspection (`SQLiteStore.registeredClient`).
    private static func indexClientWideRevocations(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX revocation_feed_by_client ON revocation_feed(client_id, issued_through)
            WHERE issued_through IS NOT NULL
            """)
    }
}
