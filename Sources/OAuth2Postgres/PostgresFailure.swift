import PostgresNIO

/// A readable reason for a PostgresNIO error. `PSQLError`'s own description is deliberately
/// generic (it could otherwise echo a query's data); the server's message, its SQLSTATE and
/// the network error below it are what an administrator needs, and none of them holds the
/// password or bound values.
enum PostgresFailure {
    static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo, let message = info[.message] {
            let state = info[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            let hint = info[.hint].map { "; \($0)" } ?? ""
            return message + state + hint
        }
        if let underlying = error.underlying {
            // BoringSSL's own text for it names a source file and an error number.
            if "\(underlying)".contains("CERTIFICATE_VERIFY_FAILED") {
                return "the server's TLS certificate is not signed by a root this system trusts, or does not name the host "
                    + "(sslmode=verify-full)"
            }
            return "\(underlying)"
        }
        switch error.code {
        case .sslUnsupported: return "the server does not offer TLS (use sslmode=disable only on a private network)"
        case .authMechanismRequiresPassword: return "the server asks for a password; set PGPASSWORD or use a passfile"
        case .serverClosedConnection: return "the server closed the connection"
        default: return "\(error.code)"
        }
    }
}
