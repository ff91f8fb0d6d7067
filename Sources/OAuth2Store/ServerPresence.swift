import GRDB

/// A serving process as it last reported itself in the store (v3-server-presence).
public struct ServerPresence: StoredRecord, Sendable, Equatable {
    public static let databaseTableName = "server_presence"

    /// Host and process id: one row per serving process.
    public var id: String
    public var url: String
    public var pid: Int64
    public var startedAt: EpochSeconds
    /// When the process last refreshed the row.
    public var seenAt: EpochSeconds
    /// Running totals since the process started.
    public var issued: Int64
    public var denied: Int64

    /// A row older than this belongs to a process that stopped without saying so (killed).
    public static let staleAfter: EpochSeconds = 5

    public init(id: String, url: String, pid: Int64, startedAt: EpochSeconds, seenAt: EpochSeconds, issued: Int64, denied: Int64) {
        self.id = id
        self.url = url
        self.pid = pid
        self.startedAt = startedAt
        self.seenAt = seenAt
        self.issued = issued
        self.denied = denied
    }

    public func isStale(at now: EpochSeconds) -> Bool { now - seenAt > Self.staleAfter }
}

extension SQLiteStore {
    /// Writes (or refreshes) a serving process's row.
    public func publish(_ presence: ServerPresence) throws {
        try write { try presence.save($0) }
    }

    /// Removes a process's row when it stops serving.
    public func withdrawPresence(id: String) throws {
        try write { _ = try ServerPresence.deleteOne($0, key: id) }
    }

    /// Every serving process's row, most recently seen first, leaving out rows not refreshed
    /// for a day (their processes are long gone).
    public func listPresence(at now: EpochSeconds) throws -> [ServerPresence] {
        try read { db in
            try ServerPresence.filter(Column("seen_at") > now - 86_400).order(Column("seen_at").desc).fetchAll(db)
        }
    }
}
