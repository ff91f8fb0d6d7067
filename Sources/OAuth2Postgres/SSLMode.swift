import NIOSSL

/// How the connection to the database is protected, named as libpq names them. The default
/// is `verify-full`: the channel carries secret hashes and signing keys, so plaintext or an
/// unverified server has to be asked for.
public enum SSLMode: String, Sendable, CaseIterable {
    /// No TLS: for a database on the same machine or a network that is already private.
    case disable
    /// TLS without checking the server's certificate: protects against listening, not against
    /// a server that impersonates the database.
    case require
    /// TLS with the certificate checked against the system's trusted roots and the host name.
    case verifyFull = "verify-full"

    /// The TLS configuration for this mode, or nil for none.
    var tlsConfiguration: TLSConfiguration? {
        switch self {
        case .disable:
            return nil
        case .require:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            return configuration
        case .verifyFull:
            return .makeClientConfiguration()
        }
    }
}
