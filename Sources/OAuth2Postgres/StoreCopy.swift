import NIOCore
import OAuth2Store
import PostgresNIO

/// Copies a SQLite store's rows (`Store.rowsToCopy`) into a PostgreSQL store, in one
/// transaction: either everything arrives or nothing does.
public enum StoreCopy {
    /// Parameters per INSERT: PostgreSQL takes at most 65,535 in one statement.
    static let parameterLimit = 65_535

    /// Migrates `database`, then copies `source` into it. Refuses, changing nothing, a
    /// database whose copied tables are not all empty. Returns the rows copied per table.
    public static func copy(_ source: [CopiedRows], into database: PostgresDatabase) async throws -> [CopiedCount] {
        try await PostgresMigrator.migrate(database)
        return try await database.transaction { connection in
            // The migration lock: one copy at a time, never beside a migration.
            try await PostgresMigrator.lock(connection)
            try await refuseUnlessEmpty(connection, url: database.url)
            for copied in source {
                try await insert(copied, connection)
                if let identity = copied.table.identity, !copied.rows.isEmpty {
                    // Later rows must follow the copied ids: the revocation feed's cursor
                    // only grows, and audit ids order the trail.
                    try await connection.query(PostgresQuery(unsafeSQL: """
                        SELECT setval(pg_get_serial_sequence('\(copied.table.name)', '\(identity)'),
                                      (SELECT max(\(identity)) FROM \(copied.table.name)))
                        """), logger: PostgresDatabase.quiet)
                }
            }
            return source.map { CopiedCount(table: $0.table.name, rows: $0.rows.count) }
        }
    }

    private static func refuseUnlessEmpty(_ connection: PostgresConnection, url: PostgresURL) async throws {
        var held: [String] = []
        for table in CopiedTable.all {
            let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table.name)"),
                                                  logger: PostgresDatabase.quiet)
            for try await count in rows.decode(Int.self) where count > 0 {
                held.append("\(count) \(table.name) row\(count == 1 ? "" : "s")")
            }
        }
        guard held.isEmpty else {
            throw PostgresStoreError.targetNotEmpty(database: url.description, holds: held.joined(separator: ", "))
        }
    }

    /// Inserts `copied`'s rows with as few statements as the parameter limit allows.
    private static func insert(_ copied: CopiedRows, _ connection: PostgresConnection) async throws {
        let columns = copied.table.columns
        let rowsPerStatement = parameterLimit / columns.count
        var start = 0
        while start < copied.rows.count {
            let batch = copied.rows[start..<min(start + rowsPerStatement, copied.rows.count)]
            var bindings = PostgresBindings(capacity: batch.count * columns.count)
            var tuples: [String] = []
            tuples.reserveCapacity(batch.count)
            for row in batch {
                let first = bindings.count
                for value in row { bind(value, to: &bindings) }
                tuples.append("(" + (first + 1...bindings.count).map { "$\($0)" }.joined(separator: ", ") + ")")
            }
            let sql = "INSERT INTO \(copied.table.name) (\(columns.map(\.name).joined(separator: ", "))) VALUES "
                + tuples.joined(separator: ", ")
            try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: PostgresDatabase.quiet)
            start += batch.count
        }
    }

    private static func bind(_ value: CopiedValue, to bindings: inout PostgresBindings) {
        switch value {
        case .null: bindings.appendNull()
        case .integer(let number): bindings.append(number)
        case .boolean(let flag): bindings.append(flag)
        case .text(let text): bindings.append(text)
        case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
        }
    }
}

/// How many rows of a table a copy carried.
public struct CopiedCount: Sendable, Equatable {
    public let table: String
    public let rows: Int
}
