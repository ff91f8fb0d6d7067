/// What goes wrong with a PostgreSQL store, worded for the administrator. No case carries a
/// password or any other secret: the URL appears only without its (refused) password.
public enum PostgresStoreError: Error, Equatable, CustomStringConvertible {
    case invalidURL(String)
    case passwordInURL
    case passfile(path: String, reason: String)
    case unreachable(database: String, reason: String)
    case timedOut(database: String, seconds: Int)
    case schemaTooNew(database: String, version: Int)
    case targetNotEmpty(database: String, holds: String)
    case failed(database: String, reason: String)
    /// A unique or foreign-key constraint refused a write (SQLSTATE 23505, 23503).
    case constraint(database: String, reason: String)

    public var description: String {
        switch self {
        case .invalidURL(let reason):
            return "invalid database URL: \(reason)"
        case .passwordInURL:
            return "the database URL must not carry a password, since other users can read command lines (ps); "
                + "set PGPASSWORD, or put it in a passfile (~/.pgpass, or the file $PGPASSFILE names)"
        case .passfile(let path, let reason):
            return "passfile \(path) is not used: \(reason)"
        case .unreachable(let database, let reason):
            return "cannot connect to \(database): \(reason)"
        case .timedOut(let database, let seconds):
            return "no answer from \(database) within \(seconds) s"
        case .schemaTooNew(let database, let version):
            return "\(database) has schema version \(version), newer than this binary knows; use a newer oauth2"
        case .targetNotEmpty(let database, let holds):
            return "\(database) already holds \(holds); copy only into a database without clients, keys or tokens"
        case .failed(let database, let reason), .constraint(let database, let reason):
            return "\(database): \(reason)"
        }
    }
}
