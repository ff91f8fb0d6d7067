import Hummingbird
import NIOCore
import ServiceLifecycle

/// A Hummingbird application on a loopback port the system chooses, for as long as the
/// test holds it: a resource server, or an authorization server we did not write.
public final class LoopbackApplication: Sendable {
    public let port: Int
    private let running: Task<Void, Error>

    public init<Builder: HTTPResponderBuilder>(router: Builder, services: [any Service] = []) async throws
    where Builder.Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
        let (bound, announce) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), services: services,
                              onServerRunning: { channel in announce.yield(channel.localAddress?.port ?? 0) })
        running = Task { try await app.run() }
        var iterator = bound.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            running.cancel()
            throw LoopbackApplicationError.notListening
        }
        self.port = port
    }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    deinit {
        running.cancel()
    }
}

public enum LoopbackApplicationError: Error {
    case notListening
}
