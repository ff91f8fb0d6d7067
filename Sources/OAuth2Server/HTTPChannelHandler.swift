import NIOCore
import NIOHTTP1
import OAuth2Core

/// Reads one whole request at a time within the configured limits, hands it to the router
/// and writes the answer. Anything over a limit is answered with a JSON error and the
/// connection is closed; nothing a client sends can make it crash, hang or hold memory
/// beyond the limits:
/// - a request is timed from its first byte (`RequestClock`) to its end;
/// - the bytes NIO's decoder holds are capped (see `OAuth2HTTPServer`), requests queued
///   behind an answer by `maxHeaderBytes + maxBodyBytes`;
/// - while the connection is not writable (its answers are not being read), nothing more
///   is read or answered: unread answers pile up in the client's socket, not here.
final class HTTPChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = ByteBuffer
    /// Responses are written as bytes (`HTTPResponse.encoded`), with no encoder in between.
    typealias OutboundOut = ByteBuffer

    private enum State {
        case idle
        case receiving(HTTPRequestHead, ByteBuffer)
        case responding
        /// Over a limit: the rest of the request is ignored until the connection closes.
        case rejected
    }

    private let router: Router
    private let limits: ServerConfiguration.Limits
    private let addresses: ClientAddressResolver
    private let requestClock: RequestClock
    private var state = State.idle
    private var readDeadline: Scheduled<Void>?
    private var idleCheck: Scheduled<Void>?
    /// When the last request began or the last response went out, or the connection opened.
    /// Times that arm timers are read from the loop's clock (`EventLoop.now`), which is the
    /// system's on a real loop and the harness's on an `EmbeddedEventLoop`.
    private var lastActivity = NIODeadline.distantPast
    private var peer = IPAddress.unspecified
    /// Parts of requests a client sent before the answer to the one in progress (HTTP/1.1
    /// pipelining), or while the connection was not writable, served in order once that
    /// is over. Reading pauses while any wait; NIO's pipelining handler would pause for
    /// every asynchronously answered request, two epoll re-registrations each, which this
    /// queue does not cost when nobody pipelines.
    private var pipelined: CircularBuffer<HTTPServerRequestPart> = []
    private var pipelinedBytes = 0
    /// A read NIO asked for while reading was paused, to be done once it resumes.
    private var readPending = false
    /// The answer in progress is the last: the server is shutting down, the request asked
    /// for a protocol upgrade (after which NIO's decoder parses nothing more), or what came
    /// after it could not be parsed. Nothing after it is served.
    private var closing = false
    /// The client closed its sending side: what it sent is still answered, then the
    /// connection closes.
    private var inputClosed = false
    private var outputClosed = false

    init(router: Router, limits: ServerConfiguration.Limits, addresses: ClientAddressResolver, requestClock: RequestClock) {
        self.router = router
        self.limits = limits
        self.addresses = addresses
        self.requestClock = requestClock
    }

    func handlerAdded(context: ChannelHandlerContext) {
        peer = context.channel.remoteAddress?.ipAddress.flatMap { IPAddress($0) } ?? .unspecified
        lastActivity = context.eventLoop.now
        scheduleIdleCheck(context, at: lastActivity + idleTimeout)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleCheck?.cancel()
        cancelReadDeadline()
    }

    // MARK: Reading

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if case .end = part {
            // All of the request is here; the time it takes to answer is ours, not the client's.
            requestClock.startedAt = nil
            cancelReadDeadline()
        }
        if case .rejected = state { return }
        // Behind an answer in progress, behind parts already queued (between an answer and
        // the queue's next turn), or while answers go unread: served in order, later.
        if case .responding = state {} else if pipelined.isEmpty && context.channel.isWritable {
            return handle(part, context: context)
        }
        guard !closing else { return }
        pipelinedBytes += Self.size(of: part)
        guard pipelinedBytes <= limits.maxHeaderBytes + limits.maxBodyBytes else { return context.close(promise: nil) }
        pipelined.append(part)
    }

    private func handle(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch part {
        case let .head(head):
            guard case .idle = state else { return }
            if let refusal = refusal(of: head) {
                return reject(head, refusal.status, refusal.code, refusal.description, context: context)
            }
            if Self.asksForUpgrade(head) { closing = true }
            state = .receiving(head, context.channel.allocator.buffer(capacity: 0))
            lastActivity = context.eventLoop.now
        case var .body(chunk):
            guard case .receiving(let head, var body) = state else { return }
            guard body.readableBytes + chunk.readableBytes <= limits.maxBodyBytes else {
                return reject(head, .payloadTooLarge, "request_too_large", "request body exceeds \(limits.maxBodyBytes) bytes", context: context)
            }
            state = .idle  // drop the reference so the append does not copy
            body.writeBuffer(&chunk)
            state = .receiving(head, body)
        case .end:
            guard case let .receiving(head, body) = state else { return }
            state = .responding
            dispatch(head: head, body: body, context: context)
        }
    }

    /// What a request head alone earns: over a limit, or not HTTP/1.1 we serve.
    private func refusal(of head: HTTPRequestHead) -> (status: HTTPResponseStatus, code: String, description: String)? {
        if Self.size(of: head) > limits.maxHeaderBytes {
            return (.init(statusCode: 431), "request_header_too_large", "request headers exceed \(limits.maxHeaderBytes) bytes")
        }
        if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > limits.maxBodyBytes {
            return (.payloadTooLarge, "request_too_large", "request body exceeds \(limits.maxBodyBytes) bytes")
        }
        // RFC 9112 §3.2: exactly one Host in HTTP/1.1, at most one before.
        let hosts = head.headers["host"].count
        if hosts > 1 || (hosts == 0 && head.version != .http1_0 && head.version != .http0_9) {
            return (.badRequest, "invalid_request", "a request carries exactly one Host header")
        }
        // RFC 9112 §6.1: a transfer coding we do not decode is 501, not a body misread.
        let codings = head.headers[canonicalForm: "transfer-encoding"]
        if !codings.isEmpty, codings.count != 1 || codings[0].lowercased() != "chunked" {
            return (.notImplemented, "invalid_request", "unsupported transfer coding: \(codings.joined(separator: ", ")); only chunked")
        }
        return nil
    }

    /// Whether NIO's decoder treats the request as an upgrade (and parses nothing after
    /// it). Nothing here upgrades: the request is answered as if the header were absent
    /// (RFC 9110 §7.8), and the connection closes after it.
    private static func asksForUpgrade(_ head: HTTPRequestHead) -> Bool {
        head.method == .CONNECT
            || (head.headers.contains(name: "upgrade")
                && head.headers[canonicalForm: "connection"].contains { $0.lowercased() == "upgrade" })
    }

    /// A request still incomplete once everything readable has been read gets a deadline,
    /// counted from its first byte; one that arrived whole (nearly all) never costs a timer.
    func channelReadComplete(context: ChannelHandlerContext) {
        if let startedAt = requestClock.startedAt, readDeadline == nil { armReadDeadline(context, at: startedAt) }
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        if pipelined.isEmpty && context.channel.isWritable {
            context.read()
        } else {
            readPending = true
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { servePipelined(context: context) }
        context.fireChannelWritabilityChanged()
    }

    private func resumeReadingIfPaused(_ context: ChannelHandlerContext) {
        guard readPending, pipelined.isEmpty, context.channel.isWritable else { return }
        readPending = false
        context.read()
    }

    private var idleTimeout: TimeAmount { .seconds(limits.idleTimeoutSeconds) }

    /// Closes the connection once it has sat between requests for the idle timeout. One
    /// timer per connection, moved on only when it fires, instead of bookkeeping on every
    /// read and write.
    private func scheduleIdleCheck(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        idleCheck = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            let now = context.eventLoop.now
            let idleSince = self.lastActivity + self.idleTimeout
            if case .idle = self.state, idleSince <= now {
                context.close(promise: nil)
            } else {
                self.scheduleIdleCheck(context, at: idleSince > now ? idleSince : now + self.idleTimeout)
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            closing = true
            dropPipelined()
            if case .idle = state { context.close(promise: nil) }
        } else if let event = event as? ChannelEvent, event == .inputClosed {
            inputClosed = true
            switch state {
            case .rejected: if outputClosed { context.close(promise: nil) }
            case .idle: if pipelined.isEmpty { context.close(promise: nil) }
            case .receiving, .responding: break  // answered first, then closed (see `keepsAlive`)
            }
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// Bytes that are not HTTP/1.1 get a 400 (a head too large for the decoder a 431) and
    /// the connection closes: nothing after them can be framed. With answers owed for
    /// earlier requests, an error would read as one of them, so then the answer in progress
    /// is the last and queued requests go unanswered.
    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // Bytes after a rejection are expected, and ignored until the close.
        if case .rejected = state { return }
        let headTooLarge = (error as? HTTPParserError) == .headerOverflow || error is ByteToMessageDecoderError.PayloadTooLargeError
        guard headTooLarge || error is HTTPParserError || error is ByteToMessageDecoderError else {
            return context.close(promise: nil)
        }
        let answersOwed = !pipelined.isEmpty
        dropPipelined()
        if case .responding = state {
            closing = true
        } else if answersOwed {
            context.close(promise: nil)
        } else if headTooLarge {
            reject(nil, .init(statusCode: 431), "request_header_too_large", "request headers exceed \(limits.maxHeaderBytes) bytes", context: context)
        } else {
            reject(nil, .badRequest, "invalid_request", "malformed HTTP request", context: context)
        }
    }

    // MARK: Answering

    private func dispatch(head: HTTPRequestHead, body: ByteBuffer, context: ChannelHandlerContext) {
        let path = Self.path(of: head.uri)
        let started = NIODeadline.now()
        let clientAddress = addresses.isTrusted(peer)
            ? addresses.clientAddress(peer: peer, forwarded: head.headers["forwarded"], forwardedFor: head.headers["x-forwarded-for"])
            : peer
        let request = HTTPRequest(method: head.method, path: path, headers: head.headers, body: body,
                                  clientAddress: clientAddress, receivedAt: started, eventLoop: context.eventLoop)
        let endpoint = Endpoint(path: path)
        router.respond(to: request, at: endpoint, on: context.eventLoop).assumeIsolated().whenComplete { result in
            let response = (try? result.get()) ?? .httpError(.internalServerError, "server_error", "internal error")
            self.router.recordLatency(endpoint: endpoint, nanoseconds: (NIODeadline.now() - started).nanoseconds)
            self.state = .idle
            self.write(response, version: head.version, keepAlive: self.keepsAlive(head), withBody: head.method != .HEAD, context: context)
            if !self.pipelined.isEmpty {
                // On the next turn of the loop, not inside this answer's completion.
                context.eventLoop.assumeIsolated().execute { self.servePipelined(context: context) }
            }
        }
    }

    /// Whether the connection stays open after the answer to `head`.
    private func keepsAlive(_ head: HTTPRequestHead) -> Bool {
        head.isKeepAlive && !closing && !(inputClosed && pipelined.isEmpty)
    }

    /// The path of an origin-form target (`/token?x`), or of an absolute-form one
    /// (`http://host/token`), which a server must accept too (RFC 9112 §3.2.2).
    static func path(of target: String) -> String {
        var path = Substring(target)
        for scheme in ["http://", "https://"] where path.count > scheme.count && path.prefix(scheme.count).lowercased() == scheme {
            let authorityAndPath = path.dropFirst(scheme.count)
            path = authorityAndPath.firstIndex(of: "/").map { authorityAndPath[$0...] } ?? "/"
        }
        return String(path.firstIndex(of: "?").map { path[..<$0] } ?? path)
    }

    /// Serves queued parts until one starts an answer that is not ready yet, or answers
    /// stop being read; then reads again once the queue is empty.
    private func servePipelined(context: ChannelHandlerContext) {
        while let part = pipelined.first {
            if case .responding = state { return }
            guard context.channel.isWritable else { return }
            pipelined.removeFirst()
            pipelinedBytes -= Self.size(of: part)
            handle(part, context: context)
        }
        resumeReadingIfPaused(context)
    }

    private func dropPipelined() {
        pipelined.removeAll()
        pipelinedBytes = 0
    }

    private func write(_ response: HTTPResponse, version: HTTPVersion, keepAlive: Bool, withBody: Bool = true,
                       context: ChannelHandlerContext) {
        let bytes = response.encoded(version: version, keepAlive: keepAlive, withBody: withBody, allocator: context.channel.allocator)
        lastActivity = context.eventLoop.now
        guard !keepAlive else { return context.writeAndFlush(wrapOutboundOut(bytes), promise: nil) }
        dropPipelined()
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(bytes), promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in self.close(context) }
    }

    /// Closes once an answer with `Connection: close` is out. After a rejection the client
    /// may still be sending what was not read; closing on unread bytes would reset the
    /// connection, and the reset can destroy the answer before the client reads it. So
    /// then only the sending side closes, and the rest is read and dropped until the client
    /// closes too, or for at most `lingerTime`.
    private func close(_ context: ChannelHandlerContext) {
        guard case .rejected = state, !inputClosed else { return context.close(promise: nil) }
        outputClosed = true
        context.close(mode: .output, promise: nil)
        context.eventLoop.assumeIsolated().scheduleTask(in: Self.lingerTime) { context.close(promise: nil) }
    }

    private static let lingerTime = TimeAmount.seconds(2)

    /// Answers with an error and closes the connection (see `close`): nothing more on it is
    /// served.
    private func reject(_ head: HTTPRequestHead?, _ status: HTTPResponseStatus, _ code: String, _ description: String,
                        context: ChannelHandlerContext) {
        cancelReadDeadline()
        state = .rejected
        write(.httpError(status, code, description), version: .http1_1, keepAlive: false, withBody: head?.method != .HEAD,
              context: context)
    }

    private func armReadDeadline(_ context: ChannelHandlerContext, at startedAt: NIODeadline) {
        readDeadline = context.eventLoop.assumeIsolated().scheduleTask(deadline: startedAt + .seconds(limits.readTimeoutSeconds)) {
            self.readDeadline = nil
            let description = "the request was not received within \(self.limits.readTimeoutSeconds) s"
            switch self.state {
            case let .receiving(head, _): self.reject(head, .requestTimeout, "request_timeout", description, context: context)
            case .idle: self.reject(nil, .requestTimeout, "request_timeout", description, context: context)
            case .responding:
                // An answer is owed first: it is the last.
                self.closing = true
                self.dropPipelined()
            case .rejected: break
            }
        }
    }

    private func cancelReadDeadline() {
        readDeadline?.cancel()
        readDeadline = nil
    }

    private static func size(of head: HTTPRequestHead) -> Int {
        head.uri.utf8.count + head.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 }
    }

    /// What a queued part holds, with a fixed cost per part so that many tiny ones count.
    private static func size(of part: HTTPServerRequestPart) -> Int {
        switch part {
        case let .head(head): 64 + size(of: head)
        case let .body(chunk): 64 + chunk.readableBytes
        case .end: 64
        }
    }
}

/// When the request now arriving on a connection sent its first byte (nil between
/// requests), shared by the handler that sees the bytes and the one that sees requests.
/// Used only on the connection's event loop.
final class RequestClock {
    var startedAt: NIODeadline?
}

/// Notes the arrival of a request's first byte, in front of the HTTP decoder, so that a
/// head sent a byte at a time is timed like the rest of the request.
final class RequestStartMarker: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let clock: RequestClock

    init(clock: RequestClock) { self.clock = clock }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if clock.startedAt == nil { clock.startedAt = context.eventLoop.now }
        context.fireChannelRead(data)
    }
}
