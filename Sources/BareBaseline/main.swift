// The benchmark's yardstick: the smallest SwiftNIO HTTP/1.1 server that answers every
// request with "200 OK", on NIO's standard server pipeline (outbound header validation off,
// as in `oauth2 serve`) and as many threads as the bench gives `oauth2 serve`. The token
// endpoint's throughput is reported as a fraction of this one's.
import NIOCore
import NIOHTTP1
import NIOPosix

final class OKHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private var keepAlive = true

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(head):
            keepAlive = head.isKeepAlive
        case .body:
            break
        case .end:
            var body = context.channel.allocator.buffer(capacity: 2)
            body.writeString("OK")
            var headers = HTTPHeaders([("Content-Type", "text/plain"), ("Content-Length", "2")])
            if !keepAlive { headers.add(name: "Connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}

let arguments = CommandLine.arguments
let port = arguments.count > 1 ? Int(arguments[1]) ?? 8090 : 8090
let threads = arguments.count > 2 ? Int(arguments[2]) ?? 1 : 1
let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
let channel = try ServerBootstrap(group: group)
    .serverChannelOption(.backlog, value: 1024)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true, withOutboundHeaderValidation: false)
            try channel.pipeline.syncOperations.addHandler(OKHandler())
        }
    }
    .bind(host: "127.0.0.1", port: port).wait()
print("baseline listening on 127.0.0.1:\(port)")
try channel.closeFuture.wait()
