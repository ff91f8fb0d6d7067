import Foundation

/// Where a PostgreSQL store lives, from `postgres://USER@HOST:PORT/DB?sslmode=...`.
///
/// The URL never carries the password: command lines are visible to every user through
/// `ps`, so a URL with one is refused and the password comes from `$PGPASSWORD` or a passfile
/// (see `PassFile`), as libpq's own tools do.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    public let user: String
    public let host: String
    public let port: Int
    public let database: String
    public let sslMode: SSLMode

    public static let defaultPort = 5432

    /// Whether `location` names a PostgreSQL database rather than a SQLite file.
    public static func isPostgres(_ location: String) -> Bool {
        let lowered = location.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// Parses and validates `text`. Errors never repeat the text itself, which may hold a
    /// password that should not reach a terminal's scrollback or a CI log.
    public init(_ text: String) throws(PostgresStoreError) {
        guard Self.isPostgres(text) else {
            throw .invalidURL("it must start with postgres:// (or postgresql://)")
        }
        guard let components = URLComponents(string: text) else {
            throw .invalidURL("it is not a well-formed URL")
        }
        guard components.password == nil else { throw .passwordInURL }
        guard let user = components.user, !user.isEmpty else {
            throw .invalidURL("it names no user (postgres://USER@HOST:PORT/DB)")
        }
        guard let rawHost = components.host, !rawHost.isEmpty else {
            throw .invalidURL("it names no host (postgres://USER@HOST:PORT/DB)")
        }
        let port = components.port ?? Self.defaultPort
        guard (1...65_535).contains(port) else { throw .invalidURL("port \(port) is out of range") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw .invalidURL("it names no database, or more than one path segment (postgres://USER@HOST:PORT/DB)")
        }
        var sslMode = SSLMode.verifyFull
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw .invalidURL("unknown parameter '\(item.name)' (only sslmode is understood)")
            }
            guard let value = item.value, let mode = SSLMode(rawValue: value) else {
                throw .invalidURL("sslmode must be one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            sslMode = mode
        }
        guard components.fragment == nil else { throw .invalidURL("it must not have a #fragment") }
        self.user = user
        // An IPv6 literal comes back in the brackets that the URL needs and a socket does not.
        self.host = rawHost.hasPrefix("[") && rawHost.hasSuffix("]") ? String(rawHost.dropFirst().dropLast()) : rawHost
        self.port = port
        self.database = database
        self.sslMode = sslMode
    }

    /// The same server and credentials, another database on it.
    public func inDatabase(_ name: String) throws(PostgresStoreError) -> PostgresURL {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = user
        components.host = host.contains(":") ? "[\(host)]" : host
        components.port = port
        components.path = "/" + name
        components.queryItems = [URLQueryItem(name: "sslmode", value: sslMode.rawValue)]
        return try PostgresURL(components.string ?? "")
    }

    /// The URL without anything secret, for messages.
    public var description: String {
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return "postgres://\(user)@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }
}
