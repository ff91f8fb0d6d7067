import Foundation
import GRDBSQLite

/// A SQLite connection driven through the C API, for the request path's few statements
/// (`RequestReader`, `TokenInserter`): each is prepared once and then only bound, stepped
/// and reset. GRDB's pool costs a checkout and a dispatch-queue hop per access, and parses
/// its BEGIN and COMMIT anew each time: as much again as the work itself, at thousands of
/// requests a second. Everything else goes through GRDB.
///
/// Not thread-safe: one thread uses it at a time.
final class RawConnection {
    let path: String
    fileprivate let handle: OpaquePointer

    init(path: String, durability: Durability, busyTimeout: TimeInterval = SQLiteStore.busyTimeout) throws {
        self.path = path
        var opened: OpaquePointer?
        guard sqlite3_open_v2(path, &opened, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let opened else {
            let reason = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(opened)
            throw StoreError.cannotOpen(path: path, reason: reason)
        }
        handle = opened
        sqlite3_busy_timeout(opened, Int32(busyTimeout * 1000))
        try prepare("PRAGMA synchronous = \(durability.rawValue)").run()
    }

    /// Where SQLite's WAL hook leaves the WAL's size in frames after each commit.
    private var walFrames: UnsafeMutablePointer<Int32>?

    deinit {
        sqlite3_close_v2(handle)
        walFrames?.deallocate()
    }

    /// From now on, `framesInWAL` follows the WAL's size after each commit on this
    /// connection: SQLite tells the committing thread itself, with no I/O and no lock.
    func followWALSize() {
        guard walFrames == nil else { return }
        let frames = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        frames.initialize(to: 0)
        walFrames = frames
        sqlite3_wal_hook(handle, { context, _, _, count in
            context?.assumingMemoryBound(to: Int32.self).pointee = count
            return SQLITE_OK
        }, frames)
    }

    /// The WAL's size in frames after this connection's last commit (see `followWALSize`).
    var framesInWAL: Int { walFrames.map { Int($0.pointee) } ?? 0 }

    func prepare(_ sql: String) throws -> RawStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
              let statement
        else { throw failure() }
        return RawStatement(handle: statement, connection: self)
    }

    /// Copies what it can of the WAL into the database file without waiting for, or
    /// blocking, any reader or writer (SQLite's PASSIVE checkpoint). Returns how many frames
    /// the WAL holds.
    @discardableResult
    func checkpointPassively() throws -> Int {
        var frames: Int32 = 0
        guard sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, &frames, nil) == SQLITE_OK else { throw failure() }
        return Int(frames)
    }

    /// Copies the whole WAL into the database file, waiting (up to the busy timeout) for
    /// readers and writers to let it, then empties the WAL file, giving its space back to
    /// the filesystem (SQLite's TRUNCATE checkpoint). False when it could not finish.
    func checkpointTruncating() -> Bool {
        sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_TRUNCATE, nil, nil) == SQLITE_OK
    }

    fileprivate func failure() -> StoreError {
        let reason = String(cString: sqlite3_errmsg(handle))
        return sqlite3_errcode(handle) == SQLITE_FULL ? .full(path: path, reason: reason) : .failed(path: path, reason: reason)
    }
}

/// A prepared statement of a `RawConnection`, which it keeps open.
final class RawStatement {
    private let handle: OpaquePointer
    private let connection: RawConnection

    fileprivate init(handle: OpaquePointer, connection: RawConnection) {
        self.handle = handle
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds parameters from 1 on; nil binds NULL.
    func bind(_ values: [RawValue?]) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case nil: sqlite3_bind_null(handle, index)
            case let .integer(number): sqlite3_bind_int64(handle, index, number)
            case let .text(text): sqlite3_bind_text(handle, index, text, -1, Self.transient)
            case let .blob(data):
                _ = data.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), Self.transient) }
            }
        }
    }

    /// Runs a statement to its end, ignoring any rows (a PRAGMA that sets a value also
    /// returns it).
    func run() throws {
        defer { reset() }
        var status = sqlite3_step(handle)
        while status == SQLITE_ROW { status = sqlite3_step(handle) }
        guard status == SQLITE_DONE else { throw connection.failure() }
    }

    /// Runs a query and decodes its first row (nil when there is none). The statement is
    /// reset at once, which ends its read transaction: a statement left open would hold a
    /// snapshot and keep checkpoints from completing.
    func firstRow<T>(_ decode: (RawRow) -> T) throws -> T? {
        defer { reset() }
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return decode(RawRow(handle: handle))
        case SQLITE_DONE: return nil
        default: throw connection.failure()
        }
    }

    private func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// SQLite copies a bound value before `bind` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

enum RawValue {
    case integer(Int64)
    case text(String)
    case blob(Data)
}

/// The current row of a stepped statement, read by column index.
struct RawRow {
    fileprivate let handle: OpaquePointer

    func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func optionalInteger(_ column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }

    func text(_ column: Int32) -> String? {
        sqlite3_column_text(handle, column).map { String(cString: $0) }
    }

    func blob(_ column: Int32) -> Data? {
        guard let bytes = sqlite3_column_blob(handle, column) else { return nil }
        return Data(bytes: bytes, count: Int(sqlite3_column_bytes(handle, column)))
    }
}
