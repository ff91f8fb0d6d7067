import NIOCore
import NIOHTTP1

/// Reads one whole request at a time within the configured limits, hands it to the router
/// and writes the answer. Anything over a limit is answered with a JSON error and the
/// connection is closed; nothing a client sends can make it crash or hang.
final class HTTPChannelHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
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
    private var state = State.idle
    private var readDeadline: Scheduled<Void>?
    private var idleCheck: Scheduled<Void>?
    /// When the last request began or the last response went out.
    private var lastActivity = NIODeadline.now()
    private var remoteAddress = "unknown"
    /// Parts of requests a client sent before the answer to the one in progress (HTTP/1.1
    /// pipelining), served in order once that answer is out. NIO's pipelining handler would
    /// pause reading instead, which costs two epoll re-registrations for every request
    /// answered asynchronously; this queue costs nothing when nobody pipelines.
    private var pipelined: [HTTPServerRequestPart] = []
    /// Set once the server is shutting down: the request in progress is finished, with
    /// `Connection: close`, and nothing after it is served.
    private var quiescing = false

    /// Enough for a dozen or so pipelined requests; a client that sends more before reading
    /// its answers is disconnected rather than buffered without bound.
    static let maxPipelinedParts = 48

    init(router: Router, limits: ServerConfiguration.Limits) {
        self.router = router
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        remoteAddress = context.channel.remoteAddress?.ipAddress ?? "unknown"
        scheduleIdleCheck(context, at: lastActivity + idleTimeout)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleCheck?.cancel()
        cancelReadDeadline()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        // Behind an answer in progress, or behind parts already queued for one (between an
        // answer and the queue's next turn): served in order, never ahead.
        if case .responding = state {} else if pipelined.isEmpty { return handle(part, context: context) }
        guard !quiescing else { return }
        guard pipelined.count < Self.maxPipelinedParts else { return context.close(promise: nil) }
        pipelined.append(part)
    }

    private func handle(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch part {
        case let .head(head):
            guard case .idle = state else { return }
            if Self.size(of: head) > limits.maxHeaderBytes {
                return reject(head, .init(statusCode: 431), "request_header_too_large", "request headers exceed \(limits.maxHeaderBytes) bytes",
                              context: context)
            }
            if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > limits.maxBodyBytes {
                return reject(head, .payloadTooLarge, "request_too_large", "request body exceeds \(limits.maxBodyBytes) bytes", context: context)
            }
            state = .receiving(head, context.channel.allocator.buffer(capacity: 0))
            lastActivity = .now()
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
            cancelReadDeadline()
            state = .responding
            dispatch(head: head, body: body, context: context)
        }
    }

    /// A request still incomplete once everything readable has been read gets a deadline;
    /// one that arrived whole (nearly all) never costs a timer.
    func channelReadComplete(context: ChannelHandlerContext) {
        if case .receiving = state, readDeadline == nil { armReadDeadline(context) }
        context.fireChannelReadComplete()
    }

    private var idleTimeout: TimeAmount { .seconds(limits.idleTimeoutSeconds) }

    /// Closes the connection once it has sat between requests for the idle timeout. One
    /// timer per connection, moved on only when it fires, instead of bookkeeping on every
    /// read and write.
    private func scheduleIdleCheck(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        idleCheck = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            let now = NIODeadline.now()
            let idleSince = self.lastActivity + self.idleTimeout
            if case .idle = self.state, idleSince <= now {
                context.close(promise: nil)
            } else {
                self.scheduleIdleCheck(context, at: idleSince > now ? idleSince : now + self.idleTimeout)
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else { return context.fireUserInboundEventTriggered(event) }
        quiescing = true
        pipelined.removeAll()
        if case .idle = state { context.close(promise: nil) }
    }

    /// Bytes that are not HTTP/1.1 get a 400 and the connection closes: nothing after them
    /// can be framed. With answers owed for earlier requests, a 400 would read as one of
    /// them, so then the answer in progress is the last and queued requests go unanswered.
    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // Bytes after a rejection are expected, and ignored until the close.
        if case .rejected = state { return }
        guard error is HTTPParserError else { return context.close(promise: nil) }
        let answersOwed = !pipelined.isEmpty
        pipelined.removeAll()
        if case .responding = state {
            quiescing = true
        } else if answersOwed {
            context.close(promise: nil)
        } else {
            reject(nil, .badRequest, "invalid_request", "malformed HTTP request", context: context)
        }
    }

    private func dispatch(head: HTTPRequestHead, body: ByteBuffer, context: ChannelHandlerContext) {
        let path = head.uri.firstIndex(of: "?").map { String(head.uri[..<$0]) } ?? head.uri
        let started = NIODeadline.now()
        let request = HTTPRequest(method: head.method, path: path, headers: head.headers, body: body,
                                  remoteAddress: remoteAddress, receivedAt: started, eventLoop: context.eventLoop)
        let endpoint = router.endpointName(for: path)
        router.respond(to: request, on: context.eventLoop).assumeIsolated().whenComplete { result in
            let response = (try? result.get()) ?? .httpError(.internalServerError, "server_error", "internal error")
            self.router.recordLatency(endpoint: endpoint, nanoseconds: (NIODeadline.now() - started).nanoseconds)
            self.state = .idle
            self.write(response, version: head.version, keepAlive: head.isKeepAlive && !self.quiescing,
                       withBody: head.method != .HEAD, context: context)
            if !self.pipelined.isEmpty {
                // On the next turn of the loop, not inside this answer's completion.
                context.eventLoop.assumeIsolated().execute { self.servePipelined(context: context) }
            }
        }
    }

    /// Serves queued parts until one starts an answer that is not ready yet.
    private func servePipelined(context: ChannelHandlerContext) {
        while !pipelined.isEmpty {
            if case .responding = state { return }
            handle(pipelined.removeFirst(), context: context)
        }
    }

    private func write(_ response: HTTPResponse, version: HTTPVersion, keepAlive: Bool, withBody: Bool = true,
                       context: ChannelHandlerContext) {
        let bytes = response.encoded(version: version, keepAlive: keepAlive, withBody: withBody, allocator: context.channel.allocator)
        lastActivity = .now()
        guard !keepAlive else { return context.writeAndFlush(wrapOutboundOut(bytes), promise: nil) }
        pipelined.removeAll()
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
        guard case .rejected = state else { return context.close(promise: nil) }
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

    private func armReadDeadline(_ context: ChannelHandlerContext) {
        readDeadline = context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(limits.readTimeoutSeconds)) {
            if case let .receiving(head, _) = self.state {
                self.reject(head, .requestTimeout, "request_timeout", "the request was not received within \(self.limits.readTimeoutSeconds) s",
                            context: context)
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
}
