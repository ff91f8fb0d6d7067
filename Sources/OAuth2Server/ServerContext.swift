import Logging
import NIOCore
import OAuth2Core
import OAuth2Store

/// The parts every endpoint shares, made once per server.
final class ServerContext: Sendable {
    let configuration: ServerConfiguration
    /// `configuration.resolvedIssuer` and `.resolvedDefaultAudience`, resolved once: every
    /// token and introspection uses them.
    let issuer: String
    let defaultAudience: String
    let store: any Store
    /// The store's: tokens are issued and judged live by the same time the store keeps.
    let clock: Clock
    let writer: TokenWriter
    let blockingWork: BlockingWork
    let keys: KeyRing
    let minter: TokenMinter
    let clients: ClientCache
    let authentication: ClientAuthentication
    private let locals: LoopLocals
    let metrics: ServerMetrics
    let events: EventHub
    let logger: Logger

    /// `singleThreaded`: for a server driven from the one thread its only loop runs on (the
    /// fuzz harness's `EmbeddedChannel`): token commits and blocking work run inline on it
    /// rather than on threads whose completions would touch the loop from elsewhere.
    init(configuration: ServerConfiguration, store: any Store, events: EventHub, logger: Logger, loops: [EventLoop],
         singleThreaded: Bool = false) throws {
        self.configuration = configuration
        issuer = configuration.resolvedIssuer
        defaultAudience = configuration.resolvedDefaultAudience
        self.store = store
        clock = store.clock
        self.events = events
        self.logger = logger
        let metrics = ServerMetrics()
        self.metrics = metrics
        keys = try KeyRing(store: store)
        clients = ClientCache(store: store, generation: try store.makeRequestReader().clientGeneration())
        // Started last of what can fail but the loop-locals, which stop it if they fail.
        let writer = try TokenWriter(store: store, walLimitBytes: configuration.walLimitBytes,
                                     commitsOnCallersThread: singleThreaded) { metrics.recordBatch(size: $0) }
        self.writer = writer
        minter = TokenMinter(issuer: issuer)
        do {
            locals = try LoopLocals(store: store, writer: writer, loops: loops)
        } catch {
            writer.drainAndStop()
            throw error
        }
        let bruteForce = BruteForceGuard(policy: configuration.bruteForce, now: clock.now())
        authentication = ClientAuthentication(clients: clients, bruteForce: bruteForce, locals: locals, clock: clock)
        blockingWork = BlockingWork(inline: singleThreaded, threads: store.requestReadsWait ? Self.threadsWaitingOnStore : 2)
    }

    /// Threads answering requests over a store whose reads wait on the network: each waits
    /// a round trip per read, so more of them than cores keep the cores busy.
    static let threadsWaitingOnStore = 16

    /// Makes caches fresh at once after another process's change (the checks at commit and
    /// before a refusal would find it anyway, a request later).
    func apply(_ change: StoreChange) {
        switch change {
        case let .clients(generation): clients.update(to: generation)
        case .keys: keys.expire()
        case .anything:
            clients.forgetAll()
            keys.expire()
        }
    }

    /// Whether requests are answered off the event loops, as a store across the network needs.
    var readsOffLoop: Bool { locals.readsOffLoop }

    /// Hands `row` to the group commit through the loop's queue, from the loop or from a
    /// blocking-pool thread answering for it.
    func commit(_ row: TokenRecord, clientGeneration: Int64, for request: HTTPRequest) -> EventLoopFuture<CommitOutcome> {
        let loop = request.eventLoop
        guard !loop.inEventLoop else { return locals.local(for: request).commits.commit(row, clientGeneration: clientGeneration) }
        return loop.flatSubmit { [locals] in locals.local(for: request).commits.commit(row, clientGeneration: clientGeneration) }
    }
}
