import OAuth2ResourceServer
import ServiceLifecycle

/// Runs `AccessTokenVerifier.followRevocations()` beside the application, until it shuts
/// down: `Application(router:, services: [RevocationFollowingService(verifier)])`.
public struct RevocationFollowingService: Service {
    public let verifier: AccessTokenVerifier

    public init(_ verifier: AccessTokenVerifier) {
        self.verifier = verifier
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await verifier.followRevocations() }
    }
}
