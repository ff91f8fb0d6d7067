import NIOCore
import NIOHTTP1

/// The server's endpoints, in one table for routing, metrics and logs.
enum Endpoint: String, CaseIterable, Sendable {
    case token, introspect, revoke, revocations, jwks, metadata, health, metrics
    /// Any path that is none of the above.
    case other

    init(path: String) {
        self = Self.byPath[path] ?? .other
    }

    var path: String? {
        switch self {
        case .token: "/token"
        case .introspect: "/introspect"
        case .revoke: "/revoke"
        case .revocations: "/revocations"
        case .jwks: "/jwks.json"
        case .metadata: "/.well-known/oauth-authorization-server"
        case .health: "/healthz"
        case .metrics: "/metrics"
        case .other: nil
        }
    }

    var method: HTTPMethod {
        switch self {
        case .token, .introspect, .revoke, .revocations: .POST
        case .jwks, .metadata, .health, .metrics, .other: .GET
        }
    }

    private static let byPath = Dictionary(uniqueKeysWithValues: allCases.compactMap { endpoint in endpoint.path.map { ($0, endpoint) } })
}

/// Maps the server's fixed endpoints to their handlers. Eight routes need no routing library.
struct Router: Sendable {
    let context: ServerContext
    private let token: TokenEndpoint
    private let introspection: IntrospectionEndpoint
    private let revocation: RevocationEndpoint
    private let revocationFeed: RevocationFeedEndpoint
    private let discovery: DiscoveryEndpoints

    init(context: ServerContext) {
        self.context = context
        token = TokenEndpoint(context: context)
        introspection = IntrospectionEndpoint(context: context)
        revocation = RevocationEndpoint(context: context)
        revocationFeed = RevocationFeedEndpoint(context: context)
        discovery = DiscoveryEndpoints(context: context)
    }

    func respond(to request: HTTPRequest, at endpoint: Endpoint, on loop: EventLoop) -> EventLoopFuture<HTTPResponse> {
        guard endpoint != .other else {
            return loop.makeSucceededFuture(.httpError(.notFound, "not_found", "no endpoint at \(request.path)"))
        }
        // HEAD is GET without the body (RFC 9110 §9.3.2), which the handler leaves out.
        guard request.method == endpoint.method || (request.method == .HEAD && endpoint.method == .GET) else {
            var response = HTTPResponse.httpError(.methodNotAllowed, "invalid_request", "use \(endpoint.method.rawValue) for \(request.path)")
            response.headers.add(name: "Allow", value: endpoint.method == .GET ? "GET, HEAD" : endpoint.method.rawValue)
            return loop.makeSucceededFuture(response)
        }
        // A store across the network is read from the blocking pool: a loop must never wait
        // on it. A token whose answer needs no read is answered on the loop.
        guard !context.readsOffLoop else {
            if endpoint == .token, let answered = token.respondFromCache(to: request, on: loop) { return answered }
            return context.blockingWork.run(on: loop) { [self] in answer(request, at: endpoint, on: loop) }.flatMap { $0 }
        }
        return answer(request, at: endpoint, on: loop)
    }

    private func answer(_ request: HTTPRequest, at endpoint: Endpoint, on loop: EventLoop) -> EventLoopFuture<HTTPResponse> {
        switch endpoint {
        case .token: return token.respond(to: request, on: loop)
        case .introspect: return introspection.respond(to: request, on: loop)
        case .revoke: return revocation.respond(to: request, on: loop)
        case .revocations: return revocationFeed.respond(to: request, on: loop)
        case .jwks: return loop.makeSucceededFuture(discovery.jwks())
        case .metadata: return loop.makeSucceededFuture(discovery.metadata())
        case .health: return context.blockingWork.run(on: loop) { discovery.health() }
        case .metrics: return context.blockingWork.run(on: loop) { discovery.metrics() }
        case .other: preconditionFailure("answered above")
        }
    }

    func recordLatency(endpoint: Endpoint, nanoseconds: Int64) {
        context.metrics.recordLatency(endpoint: endpoint.rawValue, nanoseconds: nanoseconds)
    }
}
