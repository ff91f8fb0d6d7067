import Foundation
import GRDBSQLite
import OAuth2Core

/// A SQLite connection of its own for the two reads the request path makes: the client
/// generation, on every authenticated request, and a token by its jti, on every
/// introspection and revocation. Prepared once, run through the C API.
///
/// GRDB's reader pool costs a pool checkout and a dispatch-queue hop per read, about as much
/// again as the read itself; at thousands of requests a second, per event loop, that matters.
/// Everything else still goes through GRDB.
///
/// Not thread-safe: each event loop owns one.
public final class RequestReader {
    private let path: String
    private let connection: OpaquePointer
    private let generationStatement: OpaquePointer
    private let tokenStatement: OpaquePointer

    public init(store: Store) throws {
        path = store.path
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(store.path, &opened, flags, nil) == SQLITE_OK, let opened else {
            let reason = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(opened)
            throw StoreError.cannotOpen(path: store.path, reason: reason)
        }
        connection = opened
        sqlite3_busy_timeout(opened, Int32(Store.busyTimeout * 1000))
        do {
            generationStatement = try Self.prepare("SELECT value FROM client_generation", on: opened, path: store.path)
            tokenStatement = try Self.prepare("""
                SELECT client_id, scope, audience, format, issued_at, expires_at, revoked_at, revoked_reason, key_id, token_hash
                FROM token WHERE jti = ?
                """, on: opened, path: store.path)
        } catch {
            sqlite3_close_v2(opened)
            throw error
        }
    }

    deinit {
        sqlite3_finalize(generationStatement)
        sqlite3_finalize(tokenStatement)
        sqlite3_close_v2(connection)
    }

    /// The counter that triggers bump on every change to clients, their secrets, scopes or
    /// audiences, by any process. Equal values mean nothing authentication reads changed.
    public func clientGeneration() throws -> Int64 {
        try step(generationStatement) { sqlite3_column_int64($0, 0) } ?? 0
    }

    /// The token row with this jti, if any.
    public func token(jti: String) throws -> TokenRecord? {
        sqlite3_bind_text(tokenStatement, 1, jti, -1, Self.transient)
        return try step(tokenStatement) { row in
            guard let format = TokenFormat(rawValue: Self.text(row, 3) ?? "") else { return nil }
            return TokenRecord(
                jti: jti, clientId: Self.text(row, 0) ?? "", scope: Self.text(row, 1) ?? "", audience: Self.text(row, 2) ?? "",
                format: format, issuedAt: sqlite3_column_int64(row, 4), expiresAt: sqlite3_column_int64(row, 5),
                revokedAt: Self.optionalInteger(row, 6), revokedReason: Self.text(row, 7), keyId: Self.text(row, 8),
                tokenHash: Self.blob(row, 9))
        } ?? nil
    }

    /// Runs a one-row query, decodes its row (nil when there is none) and resets the
    /// statement at once, which ends its read transaction: a statement left open would hold
    /// a snapshot and keep checkpoints from completing.
    private func step<T>(_ statement: OpaquePointer, _ decode: (OpaquePointer) -> T) throws -> T? {
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return decode(statement)
        case SQLITE_DONE: return nil
        default: throw StoreError.failed(path: path, reason: String(cString: sqlite3_errmsg(connection)))
        }
    }

    private static func prepare(_ sql: String, on connection: OpaquePointer, path: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
              let statement
        else { throw StoreError.failed(path: path, reason: String(cString: sqlite3_errmsg(connection))) }
        return statement
    }

    /// SQLite copies a bound string before `bind` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func text(_ row: OpaquePointer, _ column: Int32) -> String? {
        sqlite3_column_text(row, column).map { String(cString: $0) }
    }

    private static func optionalInteger(_ row: OpaquePointer, _ column: Int32) -> Int64? {
        sqlite3_column_type(row, column) == SQLITE_NULL ? nil : sqlite3_column_int64(row, column)
    }

    private static func blob(_ row: OpaquePointer, _ column: Int32) -> Data? {
        guard let bytes = sqlite3_column_blob(row, column) else { return nil }
        return Data(bytes: bytes, count: Int(sqlite3_column_bytes(row, column)))
    }
}
