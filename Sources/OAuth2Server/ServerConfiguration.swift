import NIOCore
import OAuth2Core
import OAuth2Store

/// Everything `oauth2 serve` and the console's embedded server can be told, with the
/// documented defaults.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// The `iss` of tokens and the base of the metadata's URLs; default `http(s)://HOST:PORT`.
    public var issuer: String?
    /// `aud` of tokens requested without a `resource`; default: the issuer.
    public var defaultAudience: String?
    public var tls: TLSFiles?
    /// The oldest TLS version served: 1.2 (the default) or 1.3.
    public var tlsMinimumVersion = TLSMinimumVersion.v1_2
    /// Reverse proxies whose `Forwarded` / `X-Forwarded-For` headers name the client (see
    /// `ClientAddressResolver`); from anyone else those headers are ignored.
    public var trustedProxies: [IPAddressRange] = []
    public var limits = Limits()
    public var bruteForce = BruteForcePolicy()
    /// Event-loop threads: one per core, since each signs its own tokens.
    public var threads = System.coreCount
    /// The WAL starts over once it holds this much (see `TokenWriter`).
    public var walLimitBytes = TokenWriter.defaultWALLimitBytes

    public init() {}

    public struct TLSFiles: Sendable {
        public var certificatePath: String
        public var privateKeyPath: String

        public init(certificatePath: String, privateKeyPath: String) {
            self.certificatePath = certificatePath
            self.privateKeyPath = privateKeyPath
        }
    }

    public enum TLSMinimumVersion: String, Sendable, CaseIterable {
        case v1_2 = "1.2"
        case v1_3 = "1.3"
    }

    public struct Limits: Sendable {
        /// Largest accepted request body; larger → 413.
        public var maxBodyBytes = 16 * 1024
        /// Largest accepted request head (request line and headers); larger → 431.
        public var maxHeaderBytes = 8 * 1024
        /// Time allowed to receive a whole request once it started; then 408 and close.
        public var readTimeoutSeconds: Int64 = 10
        /// Time an idle keep-alive connection is kept open.
        public var idleTimeoutSeconds: Int64 = 60
        /// Open connections beyond this are closed at once.
        public var maxConnections = 4096
        /// Open connections from one address (an IPv6 /64) beyond this are closed at once,
        /// so that one client cannot take them all. Trusted proxies are not limited.
        public var maxConnectionsPerAddress = 256

        public init() {}
    }

    public var resolvedIssuer: String {
        if let issuer { return issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer }
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return "\(tls == nil ? "http" : "https")://\(bracketed):\(port)"
    }

    public var resolvedDefaultAudience: String { defaultAudience ?? resolvedIssuer }

    /// Whether clients reach this server over plain HTTP from beyond this machine.
    public var servesPlainHTTPBeyondLoopback: Bool {
        tls == nil && !["127.0.0.1", "::1", "localhost"].contains(host) && !host.hasPrefix("127.")
    }
}

/// Brute-force protection: failed authentications per client id and per address are
/// slowed, then refused for a cool-down. An address may front many clients (NAT, a shared
/// gateway), so it gets more room than one client id.
public struct BruteForcePolicy: Sendable {
    /// Failures of one client id within `windowSeconds` before further failures are delayed.
    public var slowAfter = 5
    /// Failures of one client id within `windowSeconds` before it is refused with 429.
    public var refuseAfter = 20
    /// The same two thresholds for one remote address.
    public var addressSlowAfter = 50
    public var addressRefuseAfter = 200
    public var windowSeconds: Int64 = 60
    public var coolDownSeconds: Int64 = 60
    /// Delay added per failure past `slowAfter`, capped at `maxDelayMilliseconds`.
    public var delayStepMilliseconds: Int64 = 100
    public var maxDelayMilliseconds: Int64 = 2000

    public init() {}
}
