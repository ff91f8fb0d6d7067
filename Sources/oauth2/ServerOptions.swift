import ArgumentParser
import Logging
import OAuth2Core
import OAuth2Server
import OAuth2Store

/// The options of the token endpoint, shared by `serve` and the console's embedded server.
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Issuer URL: the tokens' iss and the metadata's base (default: http(s)://HOST:PORT).") var issuer: String?
    @Option(help: "Audience of tokens requested without a resource (default: the issuer).") var audience: String?
    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain: serve HTTPS (with --tls-key).") var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: "PEM private key for --tls-cert.") var tlsKey: String?
    @Option(name: .customLong("tls-min"), help: "Oldest TLS version served: 1.2 or 1.3.") var tlsMin = ServerConfiguration.TLSMinimumVersion.v1_2
    @Option(name: .customLong("trusted-proxy"),
            help: ArgumentHelp("A reverse proxy (address or CIDR) whose Forwarded / X-Forwarded-For headers name the client; repeatable.",
                               valueName: "cidr"))
    var trustedProxies: [IPAddressRange] = []
    @Option(help: "Event-loop threads (default: one per core).") var threads = ServerConfiguration().threads
    @Option(name: .customLong("max-body"), help: "Largest request body in bytes (larger → 413).") var maxBody = 16 * 1024
    @Option(name: .customLong("max-header"), help: "Largest request head in bytes (larger → 431).") var maxHeader = 8 * 1024
    @Option(name: .customLong("read-timeout"), help: "Time to receive a whole request, then 408 (\(DurationRange.readTimeout)).",
            transform: DurationOption.within(.readTimeout)) var readTimeout = DurationOption(seconds: 10)
    @Option(name: .customLong("idle-timeout"), help: "Time an idle keep-alive connection stays open (\(DurationRange.idleTimeout)).",
            transform: DurationOption.within(.idleTimeout)) var idleTimeout = DurationOption(seconds: 60)
    @Option(name: .customLong("max-connections"), help: "Open connections beyond this are closed at once.") var maxConnections = 4096
    @Option(name: .customLong("max-connections-per-address"),
            help: "Open connections from one address (IPv6: one /64) beyond this are closed at once; trusted proxies are exempt.")
    var maxConnectionsPerAddress = 256
    @Option(help: "Token commit durability: normal (no fsync per commit; PostgreSQL: synchronous_commit off) or full (fsync per group commit). Default: normal on SQLite, the database's own setting on PostgreSQL.")
    var durability: Durability?
    @Option(name: .customLong("wal-limit"), help: ArgumentHelp("MiB of write-ahead log after which the writer starts it over (1 to 4096).", valueName: "MiB"))
    var walLimit = TokenWriter.defaultWALLimitBytes >> 20

    func validate() throws {
        guard (1...65535).contains(port) || port == 0 else { throw ValidationError("--port must be 1 to 65535") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        guard threads > 0, maxBody > 0, maxHeader > 0, maxConnections > 0, maxConnectionsPerAddress > 0 else {
            throw ValidationError("--threads, --max-body, --max-header, --max-connections and --max-connections-per-address must be positive")
        }
        guard (1...4096).contains(walLimit) else { throw ValidationError("--wal-limit must be from 1 to 4096 (MiB)") }
    }

    var configuration: ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.issuer = issuer
        configuration.defaultAudience = audience
        if let tlsCert, let tlsKey {
            configuration.tls = .init(certificatePath: tlsCert, privateKeyPath: tlsKey)
        }
        configuration.tlsMinimumVersion = tlsMin
        configuration.trustedProxies = trustedProxies
        configuration.threads = threads
        configuration.limits.maxBodyBytes = maxBody
        configuration.limits.maxHeaderBytes = maxHeader
        configuration.limits.readTimeoutSeconds = Int64(readTimeout.seconds)
        configuration.limits.idleTimeoutSeconds = Int64(idleTimeout.seconds)
        configuration.limits.maxConnections = maxConnections
        configuration.limits.maxConnectionsPerAddress = maxConnectionsPerAddress
        configuration.walLimitBytes = walLimit << 20
        return configuration
    }
}

/// The token endpoint and its row in the store's presence table, which attached consoles
/// read: started and stopped together.
struct Serving {
    let server: OAuth2HTTPServer
    let presence: PresenceHeartbeat

    /// The issuer, with the port actually bound.
    var url: String { server.configuration.resolvedIssuer }

    func shutdown() {
        presence.stop()
        server.shutdown()
    }
}

extension ServerOptions {
    /// Starts the token endpoint on the store and publishes its presence there.
    /// Connections a server keeps to a PostgreSQL store: one per thread that answers requests
    /// over it, and some for the token writer, the janitor and the presence heartbeat.
    static let storeConnections = 24

    func start(store: any Store, events: EventHub, logger: Logger) throws -> Serving {
        do {
            let httpServer = try OAuth2HTTPServer(configuration: configuration, store: store, events: events, logger: logger)
            do {
                try httpServer.start()
            } catch {
                httpServer.shutdown()
                throw error
            }
            let presence = PresenceHeartbeat(store: store, url: httpServer.configuration.resolvedIssuer, events: events)
            presence.start()
            return Serving(server: httpServer, presence: presence)
        } catch let error as StoreError {
            throw error
        } catch {
            throw CommandFailure("cannot serve on \(host):\(port): \(error)")
        }
    }
}

extension ServerConfiguration.TLSMinimumVersion: ExpressibleByArgument {}

extension IPAddressRange: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension Durability: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.uppercased()) }
    public static var allValueStrings: [String] { allCases.map { $0.rawValue.lowercased() } }
}
