import NIOCore
import OAuth2Core
import OAuth2Store

/// Authenticates the client a request presents: from the client cache, with brute-force
/// accounting by the address the request comes from, refusing only once the cache is known
/// to be current.
final class ClientAuthentication: Sendable {
    let clients: ClientCache
    private let bruteForce: BruteForceGuard
    let locals: LoopLocals
    /// Secrets' expiry and grace and the brute-force windows are measured by it.
    private let clock: Clock

    init(clients: ClientCache, bruteForce: BruteForceGuard, locals: LoopLocals, clock: Clock) {
        self.clients = clients
        self.bruteForce = bruteForce
        self.locals = locals
        self.clock = clock
    }

    /// The client `request` authenticates as (its credentials in the Authorization header
    /// or in `body`) and the client generation it was read under. A refusal says how long
    /// to delay it.
    func authenticate(_ request: HTTPRequest, body: FormBody, reads: StoreReads) -> Result<AuthenticatedClient, Refusal> {
        let credentials: ClientCredentials
        do {
            credentials = try ClientCredentials.extract(authorization: try singleAuthorization(request), body: body)
        } catch {
            return .failure(Refusal(error: error, clientId: nil))
        }
        let address = request.clientAddress
        let now = clock.now()
        if case let .refuse(retryAfter) = bruteForce.verdict(address: address, clientId: credentials.clientId, now: now) {
            return .failure(Refusal(response: Self.rateLimited(retryAfter), reason: "rate_limited",
                                    description: "too many failed authentications", clientId: credentials.clientId))
        }
        do {
            let authenticated = try authenticateFromCache(credentials, request, at: now, reads: reads)
            bruteForce.recordSuccess(address: address, clientId: credentials.clientId, now: now)
            return .success(authenticated)
        } catch let failure as AuthenticationFailure {
            // A disabled client proved its secret: nothing to count against anyone.
            guard failure.error.code == .invalidClient else { return .failure(Refusal(error: failure.error, clientId: credentials.clientId)) }
            let delay = bruteForce.recordFailure(address: address, clientId: credentials.clientId, clientExists: failure.clientExists,
                                                  now: now)
            return .failure(Refusal(error: failure.error, clientId: credentials.clientId, delayMilliseconds: delay))
        } catch is StoreReadNeeded {
            return .failure(.storeReadNeeded)
        } catch {
            return .failure(Refusal.storeUnavailable(error, clientId: credentials.clientId))
        }
    }

    /// Re-reads the client generation; returns whether it had moved (the cache follows).
    @discardableResult
    func refreshClients(for request: HTTPRequest, reads: StoreReads = .allowed) throws -> Bool {
        try reads.requireAllowed()
        return clients.update(to: try locals.reader(for: request).clientGeneration())
    }

    /// Authenticates against the cached client; a failure stands only once the cache is
    /// known to be current (an unknown client, a wrong secret: the same work either way).
    private func authenticateFromCache(_ credentials: ClientCredentials, _ request: HTTPRequest,
                                       at now: EpochSeconds, reads: StoreReads) throws -> AuthenticatedClient {
        var (client, generation) = try clients.client(id: credentials.clientId, reads: reads)
        var refreshed = false
        while true {
            do throws(OAuthError) {
                return AuthenticatedClient(client: try ClientAuthenticator.authenticate(credentials, against: client, at: now),
                                           generation: generation)
            } catch {
                guard !refreshed, try refreshClients(for: request, reads: reads) else {
                    throw AuthenticationFailure(error: error, clientExists: client != nil)
                }
                refreshed = true
                (client, generation) = try clients.client(id: credentials.clientId, reads: reads)
            }
        }
    }

    private func singleAuthorization(_ request: HTTPRequest) throws(OAuthError) -> String? {
        let values = request.headers["authorization"]
        guard values.count <= 1 else { throw OAuthError(.invalidRequest, "more than one Authorization header") }
        return values.first
    }

    private static func rateLimited(_ retryAfter: Int64) -> HTTPResponse {
        var response = HTTPResponse.httpError(.tooManyRequests, "temporarily_unavailable",
                                              "too many failed authentications; retry after \(retryAfter) s")
        response.headers.add(name: "Retry-After", value: "\(retryAfter)")
        return response
    }
}

/// A client that authenticated, and the client generation it was read under.
struct AuthenticatedClient {
    let client: RegisteredClient
    let generation: Int64
}

/// Why a client's authentication failed, and whether the id it gave names a client at all.
private struct AuthenticationFailure: Error {
    let error: OAuthError
    let clientExists: Bool
}
