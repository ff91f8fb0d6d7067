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
    public static func copy(_ source: [CopiedRows], into database: PostgresDatabase) throws -> [CopiedCount] {
        try PostgresMigrator.migrate(database)
        return try database.transaction { session in
            // The migration lock: one copy at a time, never beside a migration.
            try PostgresMigrator.lock(session)
            try refuseUnlessEmpty(session, url: database.url)
            for copied in source {
                try insert(copied, session)
                if let identity = copied.table.identity, !copied.rows.isEmpty {
                    // Later rows must follow the copied ids: the revocation feed's cursor
                    // only grows, and audit ids order the trail.
                    try session.execute("""
                        SELECT setval(pg_get_serial_sequence('\(copied.table.name)', '\(identity)'),
                                      (SELECT max(\(identity)) FROM \(copied.table.name)))
                        """)
                }
            }
            return source.map { CopiedCount(table: $0.table.name, rows: $0.rows.count) }
        }
    }

    private static func refuseUnlessEmpty(_ session: PostgresSession, url: PostgresURL) throws {
        var held: [String] = []
        for table in CopiedTable.all {
            for row in try session.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table.name)")) {
                let count = try row.decode(Int.self)
                if count > 0 { held.append("\(count) \(table.name) row\(count == 1 ? "" : "s")") }
            }
        }
        guard held.isEmpty else {
            throw PostgresStoreError.targetNotEmpty(database: url.description, holds: held.joined(separator: ", "))
        }
    }

    /// Inserts `copied`'s rows with as few statements as the parameter limit allows.
    private static func insert(_ copied: CopiedRows, _ session: PostgresSession) throws {
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
            try session.query(PostgresQuery(unsafeSQL: sql, binds: bindings))
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
