import NIOCore
import NIOSSL
import PostgresNIO

extension PostgresURL {
    /// How to open one connection to this database: TLS as `sslMode` says, connecting within `timeout`.
    func connectionConfiguration(password: String?, timeout: TimeAmount) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS = try sslMode.tlsConfiguration
            .map { .require(try NIOSSLContext(configuration: $0)) } ?? .disable
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = timeout
        return configuration
    }
}
