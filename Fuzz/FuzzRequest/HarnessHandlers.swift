import NIOCore
import NIOHTTP1

/// Counts the request heads NIO's decoder found, placed just before the server's handler.
final class RequestHeadCounter: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    private(set) var count = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { count += 1 }
        context.fireChannelRead(data)
    }
}

/// What a socket does and an `EmbeddedChannel` does not: once the channel is closed, a
/// write fails and nothing goes out. Without it, the harness would see bytes no client
/// ever could.
final class WritesFailOnceClosed: ChannelOutboundHandler {
    typealias OutboundIn = NIOAny

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard context.channel.isActive else { return promise?.fail(ChannelError.ioOnClosedChannel) ?? () }
        context.write(data, promise: promise)
    }
}
