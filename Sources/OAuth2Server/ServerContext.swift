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
    let writer: TokenWriter
    let blockingWork: BlockingWork
    let keys: KeyRing
    let minter: TokenMinter
    let bruteForce: BruteForceGuard
    let clients: ClientCache
    /// One per event loop, each used only on its loop.
    private let loopLocals: [ObjectIdentifier: NIOLoopBound<LoopLocal>]
    /// For a store whose reads wait on the network (`Store.requestReadsWait`): one reader
    /// the blocking pool's threads share, in place of the loops' own.
    private let sharedReader: SharedReader?
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
        bruteForce = BruteForceGuard(policy: configuration.bruteForce)
        do {
            loopLocals = try Dictionary(uniqueKeysWithValues: loops.map { loop in
                let makeLocal: @Sendable () throws -> NIOLoopBound<LoopLocal> = {
                    NIOLoopBound(LoopLocal(reader: try store.makeRequestReader(), commits: LoopCommitQueue(loop: loop, writer: writer)),
                                 eventLoop: loop)
                }
                // Made on its loop; when already there (single-threaded), waiting for it would never end.
                return (ObjectIdentifier(loop), try loop.inEventLoop ? makeLocal() : loop.submit(makeLocal).wait())
            })
        } catch {
            writer.drainAndStop()
            throw error
        }
        sharedReader = store.requestReadsWait ? SharedReader(try store.makeRequestReader()) : nil
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
    var readsOffLoop: Bool { sharedReader != nil }

    /// What belongs to the loop serving `request`.
    private func loopLocal(for request: HTTPRequest) -> LoopLocal {
        guard let local = loopLocals[ObjectIdentifier(request.eventLoop)] else {
            preconditionFailure("a request on an event loop outside the server's group")
        }
        return local.value
    }

    /// The reader for `request`: its loop's own, or the shared one.
    private func reader(for request: HTTPRequest) -> any RequestReading {
        sharedReader?.reader ?? loopLocal(for: request).reader
    }

    /// Hands `row` to the group commit through the loop's queue, from the loop or from a
    /// blocking-pool thread answering for it.
    func commit(_ row: TokenRecord, clientGeneration: Int64, for request: HTTPRequest) -> EventLoopFuture<CommitOutcome> {
        let loop = request.eventLoop
        guard !loop.inEventLoop else { return loopLocal(for: request).commits.commit(row, clientGeneration: clientGeneration) }
        return loop.flatSubmit { [self] in loopLocal(for: request).commits.commit(row, clientGeneration: clientGeneration) }
    }

    /// The form body of a POST to the token endpoint, the client it authenticates as, and
    /// the client generation that client was read under.
    func authenticatedForm(_ request: HTTPRequest) -> Result<AuthenticatedForm, Refusal> {
        formBody(of: request).flatMap { body in
            authenticate(request, body: body).map { AuthenticatedForm(client: $0.client, body: body, clientGeneration: $0.generation) }
        }
    }

    /// For introspection and revocation: the authenticated caller and the token its body
    /// presents (nil when no such token was ever issued). The token is read first, with the
    /// client generation, so the caller is authenticated against clients as fresh as the
    /// token's row. `token_type_hint` needs no use: every token is found the same way.
    func authenticatedTokenRequest(_ request: HTTPRequest) -> Result<(caller: RegisteredClient, token: TokenRecord?), Refusal> {
        formBody(of: request).flatMap { body in
            let lookup = Result { try presentedToken(in: body, of: request) }
            return authenticate(request, body: body).flatMap { caller, _ in
                do {
                    guard try body.single("token") != nil else { throw OAuthError(.invalidRequest, "token is required") }
                    return .success((caller, try lookup.get()))
                } catch let error as OAuthError {
                    return .failure(Refusal(error: error, clientId: caller.id))
                } catch {
                    return .failure(Refusal.storeUnavailable(error, clientId: caller.id))
                }
            }
        }
    }

    private func formBody(of request: HTTPRequest) -> Result<FormBody, Refusal> {
        do {
            return .success(try FormRequest.body(of: request))
        } catch {
            return .failure(Refusal(error: error, clientId: nil))
        }
    }

    /// The presented token's row, brought up to date with the client generation. A token
    /// matches when its row's hash is the presented token's hash: the comparison is of
    /// digests, so its timing tells nothing about any token.
    private func presentedToken(in body: FormBody, of request: HTTPRequest) throws -> TokenRecord? {
        guard let presented = try? body.single("token"), let jti = TokenMinter.jti(of: presented) else {
            try refreshClients(for: request)
            return nil
        }
        let (generation, token) = try reader(for: request).clientGenerationAndToken(jti: jti)
        clients.update(to: generation)
        guard let token, token.tokenHash == TokenMinter.hash(token: presented) else { return nil }
        return token
    }

    /// Re-reads the client generation; returns whether it had moved (the cache follows).
    @discardableResult
    func refreshClients(for request: HTTPRequest) throws -> Bool {
        clients.update(to: try reader(for: request).clientGeneration())
    }

    /// Authenticates the client a request presents, with brute-force accounting by the
    /// address it comes from. A refusal says how long to delay it.
    private func authenticate(_ request: HTTPRequest, body: FormBody) -> Result<(client: RegisteredClient, generation: Int64), Refusal> {
        let credentials: ClientCredentials
        do {
            credentials = try ClientCredentials.extract(authorization: try singleAuthorization(request), body: body)
        } catch {
            return .failure(Refusal(error: error, clientId: nil))
        }
        let address = request.clientAddress
        if case let .refuse(retryAfter) = bruteForce.verdict(address: address, clientId: credentials.clientId) {
            return .failure(Refusal(response: Self.rateLimited(retryAfter), reason: "rate_limited",
                                    description: "too many failed authentications", clientId: credentials.clientId))
        }
        do {
            let authenticated = try authenticateFromCache(credentials, request)
            bruteForce.recordSuccess(address: address, clientId: credentials.clientId)
            return .success(authenticated)
        } catch let failure as AuthenticationFailure {
            // A disabled client proved its secret: nothing to count against anyone.
            guard failure.error.code == .invalidClient else { return .failure(Refusal(error: failure.error, clientId: credentials.clientId)) }
            let delay = bruteForce.recordFailure(address: address, clientId: credentials.clientId, clientExists: failure.clientExists)
            return .failure(Refusal(error: failure.error, clientId: credentials.clientId, delayMilliseconds: delay))
        } catch {
            return .failure(Refusal.storeUnavailable(error, clientId: credentials.clientId))
        }
    }

    /// Authenticates against the cached client; a failure stands only once the cache is
    /// known to be current (an unknown client, a wrong secret: the same work either way).
    private func authenticateFromCache(_ credentials: ClientCredentials, _ request: HTTPRequest) throws -> (client: RegisteredClient, generation: Int64) {
        var (client, generation) = try clients.client(id: credentials.clientId)
        var refreshed = false
        while true {
            do throws(OAuthError) {
                return (try ClientAuthenticator.authenticate(credentials, against: client, at: Clock.now()), generation)
            } catch {
                guard !refreshed, try refreshClients(for: request) else {
                    throw AuthenticationFailure(error: error, clientExists: client != nil)
                }
                refreshed = true
                (client, generation) = try clients.client(id: credentials.clientId)
            }
        }
    }

    private func singleAuthorization(_ request: HTTPRequest) throws(OAuthError) -> String? {
        let values = request.headers["authorization"]
        guard values.count <= 1 else { throw OAuthError(.invalidRequest, "more than one Authorization header") }
        return values.first
    }

    static func rateLimited(_ retryAfter: Int64) -> HTTPResponse {
        var response = HTTPResponse.httpError(.tooManyRequests, "temporarily_unavailable",
                                              "too many failed authentications; retry after \(retryAfter) s")
        response.headers.add(name: "Retry-After", value: "\(retryAfter)")
        return response
    }
}

/// A token request's form, the client it authenticated as, and the client generation that
/// client was read under.
struct AuthenticatedForm {
    let client: RegisteredClient
    let body: FormBody
    let clientGeneration: Int64
}

/// The parts of the request path that belong to one event loop and are used only on it.
struct LoopLocal {
    let reader: any RequestReading
    let commits: LoopCommitQueue
}

/// A reader of a store whose reads wait on the network: those readers are safe to share
/// between threads (see `Store.requestReadsWait`).
private final class SharedReader: @unchecked Sendable {
    let reader: any RequestReading

    init(_ reader: any RequestReading) {
        self.reader = reader
    }
}

/// Why a client's authentication failed, and whether the id it gave names a client at all.
private struct AuthenticationFailure: Error {
    let error: OAuthError
    let clientExists: Bool
}
