import Hummingbird
import OAuth2ResourceServer

/// A request context that carries the token `BearerTokenMiddleware` verified.
public protocol BearerRequestContext: RequestContext {
    var accessToken: VerifiedToken? { get set }
}

/// The plain context for a service that needs nothing else.
public struct BearerContext: BearerRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var accessToken: VerifiedToken?

    public init(source: Source) {
        coreContext = .init(source: source)
    }
}
