import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import NIOHTTP1
@testable import OAuth2Core
@testable import OAuth2Server
@testable import OAuth2Store

/// The server's whole request path, from the bytes a client sends to the bytes it gets
/// back: the real connection pipeline (`OAuth2HTTPServer.addConnectionHandlers`), router
/// and endpoints over a real store, on an `EmbeddedChannel`.
///
/// Every input ends on its own: the bytes go in, the client's sending side closes, and the
/// loop's clock moves past every timeout and delay the server can arm; whatever is still
/// open then is a connection the server would hold forever. No input waits on anything:
/// an `EmbeddedEventLoop` may only be touched from the thread that made it, so the server
/// runs single-threaded (`ServerContext(singleThreaded:)`): token commits and blocking work
/// run inline instead of on threads whose completions would reach the loop from elsewhere.
final class RequestHarness {
    /// Made on the first input, on libFuzzer's one thread, and used only there.
    nonisolated(unsafe) static let shared = try! RequestHarness()

    /// The credentials the seeds (Fuzz/corpus/FuzzRequest) use.
    static let client = (id: "fuzzclient0000000001", secret: "o2s_fuzz-client-secret")
    static let introspector = (id: "fuzzintrospector0001", secret: "o2s_fuzz-introspector-secret")
    /// An opaque token of `client` on record, for introspection and revocation.
    static let token = "o2t_fuzzjti0000000001.fuzz-token"

    /// Past the read timeout, the idle timeout, the longest brute-force delay and the linger
    /// after a rejection, with the server's defaults.
    private static let everyTimeout = TimeAmount.minutes(3)

    private let loop = EmbeddedEventLoop()
    private let router: Router
    private let limits: ServerConfiguration.Limits
    private let addresses: ClientAddressResolver

    private init() throws {
        // In a directory of its own under $TMPDIR, which scripts/fuzz removes after the run.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("oauth2-fuzz-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: directory.appendingPathComponent("oauth2.sqlite").path)
        for scope in ["read", "write"] { _ = try store.addScope(name: scope, actor: .cli) }
        try store.activate(SigningKeyRecord.generate(.es256), actor: .cli)
        _ = try store.registerClient(ClientSpec(name: "fuzz client", scopes: ["read", "write"], audiences: ["https://api.example"]),
                                     id: Self.client.id, secret: ClientSecret(plaintext: Self.client.secret), actor: .cli)
        _ = try store.registerClient(ClientSpec(name: "fuzz introspector", scopes: ["read"], tokenFormat: .opaque, canIntrospect: true),
                                     id: Self.introspector.id, secret: ClientSecret(plaintext: Self.introspector.secret), actor: .cli)
        var configuration = ServerConfiguration()
        // Failed authentications are still delayed, but never refused outright: one address
        // sends every input, and refusing it would hide everything behind authentication.
        configuration.bruteForce.refuseAfter = .max
        configuration.bruteForce.addressRefuseAfter = .max
        limits = configuration.limits
        addresses = ClientAddressResolver(trustedProxies: configuration.trustedProxies)
        let context = try ServerContext(configuration: configuration, store: store, events: EventHub(),
                                        logger: Logger(label: "fuzz") { _ in SwiftLogNoOpLogHandler() }, loops: [loop],
                                        singleThreaded: true)
        router = Router(context: context)
        try Self.record(Self.token, of: Self.client.id, writer: context.writer)
    }

    private static func record(_ token: String, of clientId: String, writer: TokenWriter) throws {
        let now = Clock.system.now()
        guard let jti = TokenMinter.jti(of: token) else { throw HarnessError.setUp("no jti in \(token)") }
        let row = TokenRecord(jti: jti, clientId: clientId, scope: "read", audience: "", format: .opaque,
                              issuedAt: now, expiresAt: now + 365 * 86_400, tokenHash: TokenMinter.hash(token: token))
        let outcome = NIOLockedValueBox<Result<CommitOutcome, Error>?>(nil)
        writer.submit(TokenGroup(rows: [row], clientGeneration: nil)) { result in outcome.withLockedValue { $0 = result } }
        // Committed inline: done on return.
        guard case .success(.committed) = outcome.withLockedValue({ $0 }) else {
            throw HarnessError.setUp("token not recorded: \(String(describing: outcome.withLockedValue { $0 }))")
        }
    }

    /// Serves `input` as one connection and checks what it got back.
    func serve(_ input: [UInt8]) -> Exchange {
        let channel = EmbeddedChannel(loop: loop)
        channel.remoteAddress = try? SocketAddress(ipAddress: "192.0.2.1", port: 49152)
        let heads = RequestHeadCounter()
        do {
            let pipeline = channel.pipeline.syncOperations
            try OAuth2HTTPServer.addConnectionHandlers(to: pipeline, tls: nil, router: router, limits: limits, addresses: addresses)
            try pipeline.addHandler(heads, position: .before(try pipeline.handler(type: HTTPChannelHandler.self)))
            try pipeline.addHandler(WritesFailOnceClosed(), position: .first)
            try channel.connect(to: channel.remoteAddress!).wait()
        } catch {
            fatalError("the harness could not set up a connection: \(error)")
        }
        // Errors that reach the end of the pipeline are the channel's business, not a finding.
        _ = try? channel.writeInbound(channel.allocator.buffer(bytes: input))
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        loop.advanceTime(by: Self.everyTimeout)
        var written: [UInt8] = []
        while let buffer = try? channel.readOutbound(as: ByteBuffer.self) { written += buffer.readableBytesView }
        let heldOpen = channel.isActive
        _ = try? channel.finish(acceptAlreadyClosed: true)
        return Exchange(written: written, requestHeads: heads.count, heldOpen: heldOpen)
    }
}

enum HarnessError: Error {
    case setUp(String)
}
