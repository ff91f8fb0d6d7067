/// How hard the token commits work to survive a crash.
///
/// On SQLite (the value is its `synchronous` pragma), in WAL mode: `normal` can lose the
/// last commits on power failure, never on a crash of the process; `full` syncs the WAL on
/// every commit.
///
/// On PostgreSQL (its `synchronous_commit` for the token writer's connection): `normal`
/// (`off`) does not wait for the WAL to reach the disk, so a crash of the database server
/// can lose the last commits (at most three times its `wal_writer_delay`, 0.6 s by
/// default), never a crash of our process; `full` (`on`) waits for it on every commit.
/// Unset, the database's own setting holds.
public enum Durability: String, Sendable, CaseIterable {
    case normal = "NORMAL"
    case full = "FULL"

    /// PostgreSQL's `synchronous_commit` for this durability.
    public var synchronousCommit: String {
        switch self {
        case .normal: "off"
        case .full: "on"
        }
    }
}
