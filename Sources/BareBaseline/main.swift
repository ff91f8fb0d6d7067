// The benchmark's yardsticks: the smallest SwiftNIO HTTP/1.1 server, on NIO's standard server
// pipeline (outbound header validation off) and as many threads as the bench gives
// `oauth2 serve`.
// - Any path but /es256 answers "200 OK": the token endpoint's throughput is reported as a
//   fraction of this one's.
// - /es256 answers a JWT-sized body after one ES256 signature, and does nothing else: no
//   authentication, no store, no log. No ES256 token endpoint on the same machine can beat it.
import Crypto
import NIOCore
import NIOHTTP1
import NIOPosix

/// What a signed access token weighs: about 300 bytes of claims, signed.
let claims = [UInt8](repeating: UInt8(ascii: "a"), count: 300)
let signingKey = P256.Signing.PrivateKey()

final class YardstickHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private var keepAlive = true
    private var signs = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(head):
            keepAlive = head.isKeepAlive
            signs = head.uri == "/es256"
        case .body:
            break
        case .end:
            var body = context.channel.allocator.buffer(capacity: 800)
            if signs {
                body.writeBytes(claims)
                body.writeString(try! signingKey.signature(for: claims).rawRepresentation.base64EncodedString())
            } else {
                body.writeString("OK")
            }
            var headers = HTTPHeaders([("Content-Type", "text/plain"), ("Content-Length", "\(body.readableBytes)")])
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
            try channel.pipeline.syncOperations.addHandler(YardstickHandler())
        }
    }
    .bind(host: "127.0.0.1", port: port).wait()
print("baseline listening on 127.0.0.1:\(port)")
try channel.closeFuture.wait()
