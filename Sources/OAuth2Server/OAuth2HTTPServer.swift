import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOPosix
import NIOSSL
import OAuth2Core
import OAuth2Store

/// The token endpoint and its siblings on SwiftNIO, as `oauth2 serve` runs it headless and
/// the console embeds it.
public final class OAuth2HTTPServer: Sendable {
    /// As bound: with port 0, the port the system chose, so that the issuer (the tokens'
    /// `iss`, the metadata's URLs) names an address that answers.
    public let configuration: ServerConfiguration
    public let events: EventHub
    private let context: ServerContext
    private let group: MultiThreadedEventLoopGroup
    /// Released before the event loops stop: its deinit completes a promise on them.
    private let quiescing: NIOLockedValueBox<ServerQuiescingHelper?>
    private let serverChannel: Channel
    private let janitor: Janitor
    /// Other servers' changes to clients and keys, where the store tells of them.
    private let changes: (any StoreChangeFollowing)?
    private let freedMemory: FreedMemoryReturner

    /// Binds the listening socket, with accepting paused until `start`: the issuer, and so
    /// everything built on it, can only be known once the port is.
    public init(configuration: ServerConfiguration, store: any Store, events: EventHub = EventHub(), logger: Logger) throws {
        self.events = events
        // Before any thread or promise exists, so that a bad certificate path fails cleanly.
        let tls = try configuration.tls.map { try Self.makeTLSContext($0, minimumVersion: configuration.tlsMinimumVersion) }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.threads))
        // Set once the context exists, before the first connection is accepted.
        let router = NIOLockedValueBox<Router?>(nil)
        do {
            serverChannel = try Self.bind(configuration, tls: tls, group: group, router: router)
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
        var bound = configuration
        bound.port = serverChannel.localAddress?.port ?? configuration.port
        self.configuration = bound
        var quiescing: ServerQuiescingHelper? = ServerQuiescingHelper(group: group)
        let context: ServerContext
        do {
            // Nothing is accepted yet (`autoRead` is off), so the helper sees every connection.
            try serverChannel.eventLoop.submit { [serverChannel, quiescing] in
                try serverChannel.pipeline.syncOperations.addHandler(quiescing!.makeServerChannelHandler(channel: serverChannel))
            }.wait()
            context = try ServerContext(configuration: bound, store: store, events: events, logger: logger,
                                        loops: Array(group.makeIterator()))
        } catch {
            try? serverChannel.close().wait()
            quiescing = nil  // while the loops run: its deinit completes a promise on them
            try? group.syncShutdownGracefully()
            throw error
        }
        router.withLockedValue { $0 = Router(context: context) }
        self.context = context
        self.group = group
        self.quiescing = NIOLockedValueBox(quiescing)
        janitor = Janitor(store: store, logger: logger)
        freedMemory = FreedMemoryReturner()
        changes = store.followChanges { [context] change in context.apply(change) }
    }

    /// Starts accepting connections; returns the bound address.
    @discardableResult
    public func start() throws -> SocketAddress {
        guard quiescing.withLockedValue({ $0 }) != nil else { throw ServerError.alreadyStopped }
        try serverChannel.setOption(.autoRead, value: true).wait()
        context.logger.info("serving", metadata: ["host": "\(configuration.host)", "port": "\(configuration.port)",
                                                  "issuer": "\(configuration.resolvedIssuer)"])
        if configuration.servesPlainHTTPBeyondLoopback {
            context.logger.warning("serving plain HTTP on a non-loopback address: client secrets and tokens cross the network in clear; use --tls-cert and --tls-key")
        }
        events.publish(.serverStateChanged("listening on \(configuration.resolvedIssuer)"))
        return try serverChannel.localAddress ?? SocketAddress.makeAddressResolvingHost(configuration.host, port: configuration.port)
    }

    private static func bind(_ configuration: ServerConfiguration, tls: NIOSSLContext?, group: MultiThreadedEventLoopGroup,
                             router: NIOLockedValueBox<Router?>) throws -> Channel {
        let limits = configuration.limits
        let addresses = ClientAddressResolver(trustedProxies: configuration.trustedProxies)
        let connections = ConnectionLimiter(maxTotal: limits.maxConnections, maxPerAddress: limits.maxConnectionsPerAddress,
                                            addresses: addresses)
        return try ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.autoRead, value: false)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            // A client that shuts its sending side after its request still gets the answer.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                guard let router = router.withLockedValue({ $0 }), connections.admit(channel) else {
                    return channel.close()
                }
                return channel.eventLoop.makeCompletedFuture {
                    try addConnectionHandlers(to: channel.pipeline.syncOperations, tls: tls, router: router, limits: limits,
                                              addresses: addresses)
                }
            }
            .bind(host: configuration.host, port: configuration.port).wait()
    }

    /// What serves one connection, from its bytes to its answers. Only NIO's request
    /// decoder: responses go out as bytes the handler encodes itself, and pipelining,
    /// quiescing and malformed requests are its own too (see `HTTPChannelHandler`).
    static func addConnectionHandlers(to pipeline: ChannelPipeline.SynchronousOperations, tls: NIOSSLContext?, router: Router,
                                      limits: ServerConfiguration.Limits, addresses: ClientAddressResolver) throws {
        if let tls { try pipeline.addHandler(NIOSSLServerHandler(context: tls)) }
        let clock = RequestClock()
        try pipeline.addHandler(RequestStartMarker(clock: clock))
        // What NIO's decoder may hold of a request it has not finished parsing: a head
        // (and, after an upgrade request, whatever follows it, which it never parses).
        let maxDecoderBuffer = limits.maxHeaderBytes + limits.maxBodyBytes
        try pipeline.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes),
                                                     maximumBufferSize: maxDecoderBuffer))
        try pipeline.addHandler(HTTPChannelHandler(router: router, limits: limits, addresses: addresses, requestClock: clock))
    }

    /// Stops accepting, lets in-flight requests finish, commits every pending token row,
    /// then stops the event loops. Blocks until all of that is done.
    public func shutdown() {
        changes?.cancel()
        janitor.stop()
        context.keys.stop()
        freedMemory.stop()
        quiesce()
        context.blockingWork.shutdown()
        context.writer.drainAndStop()
        try? group.syncShutdownGracefully()
        context.logger.info("stopped")
        events.publish(.serverStateChanged("stopped"))
    }

    /// Closes the listening socket, asks open connections to finish their request and close,
    /// and waits for all of them; then releases the quiescing helper while the loops still run.
    private func quiesce() {
        let helper = quiescing.withLockedValue { helper in
            defer { helper = nil }
            return helper
        }
        guard let helper else { return }
        let quiesced = group.next().makePromise(of: Void.self)
        helper.initiateShutdown(promise: quiesced)
        try? quiesced.futureResult.wait()
        // Quiescence is reported once no connection is open, which can be before the
        // listening socket has finished closing.
        try? serverChannel.closeFuture.wait()
    }

    /// TLS 1.2 and 1.3 only, and in 1.2 only forward-secret AEAD suites: Mozilla's
    /// "intermediate" profile, less the finite-field DHE suites BoringSSL does not offer.
    /// (TLS 1.3's suites are all of that kind.)
    private static func makeTLSContext(_ files: ServerConfiguration.TLSFiles, minimumVersion: ServerConfiguration.TLSMinimumVersion) throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMFile(files.certificatePath).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: files.privateKeyPath, format: .pem)
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        tls.minimumTLSVersion = minimumVersion == .v1_3 ? .tlsv13 : .tlsv12
        tls.cipherSuiteValues = [
            .TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, .TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            .TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, .TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            .TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, .TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        ]
        return try NIOSSLContext(configuration: tls)
    }
}

public enum ServerError: Error, CustomStringConvertible {
    case alreadyStopped

    public var description: String { "the server was stopped and cannot start again" }
}
