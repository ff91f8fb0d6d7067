import NIOCore
import NIOHTTP1

/// Maps the server's fixed endpoints to their handlers. Seven routes need no routing library.
struct Router: Sendable {
    let context: ServerContext
    private let token: TokenEndpoint
    private let introspection: IntrospectionEndpoint
    private let revocation: RevocationEndpoint
    private let discovery: DiscoveryEndpoints

    init(context: ServerContext) {
        self.context = context
        token = TokenEndpoint(context: context)
        introspection = IntrospectionEndpoint(context: context)
        revocation = RevocationEndpoint(context: context)
        discovery = DiscoveryEndpoints(context: context)
    }

    func respond(to request: HTTPRequest, on loop: EventLoop) -> EventLoopFuture<HTTPResponse> {
        let route: (method: HTTPMethod, respond: () -> EventLoopFuture<HTTPResponse>)
        switch request.path {
        case "/token": route = (.POST, { token.respond(to: request, on: loop) })
        case "/introspect": route = (.POST, { loop.makeSucceededFuture(introspection.respond(to: request)) })
        case "/revoke": route = (.POST, { loop.makeSucceededFuture(revocation.respond(to: request)) })
        case "/jwks.json": route = (.GET, { loop.makeSucceededFuture(discovery.jwks()) })
        case "/.well-known/oauth-authorization-server": route = (.GET, { loop.makeSucceededFuture(discovery.metadata()) })
        case "/healthz": route = (.GET, { loop.makeSucceededFuture(discovery.health()) })
        case "/metrics": route = (.GET, { context.slowReads.runIfActive(eventLoop: loop) { discovery.metrics() } })
        default:
            return loop.makeSucceededFuture(.httpError(.notFound, "not_found", "no endpoint at \(request.path)"))
        }
        // HEAD is GET without the body (RFC 9110 §9.3.2), which the handler leaves out.
        guard request.method == route.method || (request.method == .HEAD && route.method == .GET) else {
            var response = HTTPResponse.httpError(.methodNotAllowed, "invalid_request", "use \(route.method.rawValue) for \(request.path)")
            response.headers.add(name: "Allow", value: route.method == .GET ? "GET, HEAD" : route.method.rawValue)
            return loop.makeSucceededFuture(response)
        }
        return route.respond()
    }

    func endpointName(for path: String) -> String {
        switch path {
        case "/token": "token"
        case "/introspect": "introspect"
        case "/revoke": "revoke"
        case "/jwks.json": "jwks"
        case "/.well-known/oauth-authorization-server": "metadata"
        case "/healthz": "health"
        case "/metrics": "metrics"
        default: "other"
        }
    }

    func recordLatency(endpoint: String, nanoseconds: Int64) {
        context.metrics.recordLatency(endpoint: endpoint, nanoseconds: nanoseconds)
    }
}
