import Logging
import OAuth2Core
import OAuth2Transport

/// The tokens of one client registration (RFC 6749 §4.4), cached per `TokenKey`. A cached
/// token is handed out until `refreshShare` of its lifetime, then still handed out while
/// one request fetches its successor; one request per key is ever in flight, and every
/// caller that needs a token meanwhile waits on it. Failed requests are retried with
/// `backoff` on 5xx, 429 and unreachable servers; §5.2 refusals are not.
public actor TokenSource {
    public typealias Now = @Sendable () -> ContinuousClock.Instant
    public typealias Sleep = @Sendable (Duration) async throws -> Void

    private struct Cached {
        let token: AccessToken
        var refreshAt: ContinuousClock.Instant
        let usableUntil: ContinuousClock.Instant
    }

    public nonisolated let configuration: TokenSourceConfiguration
    private let now: Now
    private let sleep: Sleep
    private let logger: Logger
    private var cache: [TokenKey: Cached] = [:]
    private var inFlight: [TokenKey: Task<AccessToken, Error>] = [:]
    private var tokenEndpoint: Task<String, Error>?
    /// Token requests sent, retries included: what single flight keeps low.
    public private(set) var requestsSent = 0

    /// `now` and `sleep` are the clock; tests pass their own to step through lifetimes.
    public init(configuration: TokenSourceConfiguration, logger: Logger = Logger(label: "oauth2.client"),
                now: @escaping Now = { ContinuousClock.now }, sleep: @escaping Sleep = { try await Task.sleep(for: $0) }) {
        self.configuration = configuration
        self.logger = logger
        self.now = now
        self.sleep = sleep
    }

    /// A token for `key`: the cached one while it is fresh, else the one being fetched.
    public func token(for key: TokenKey = TokenKey()) async throws -> AccessToken {
        let moment = now()
        if let cached = cache[key], moment < cached.usableUntil {
            if moment >= cached.refreshAt, inFlight[key] == nil {
                // Hand out the current token; its successor comes in the background.
                _ = fetch(key)
            }
            return cached.token
        }
        return try await fetch(key).value
    }

    /// `token(for:)` with the key built from its parts.
    public func token(scopes: [String] = [], resources: [String] = []) async throws -> AccessToken {
        try await token(for: TokenKey(scopes: scopes, resources: resources))
    }

    /// Forgets `token` if it is still the one cached for `key` (a resource server called it
    /// invalid), so that the next call fetches another.
    public func invalidate(_ token: AccessToken, for key: TokenKey) {
        if cache[key]?.token == token { cache[key] = nil }
    }

    /// The request in flight for `key`, or a new one.
    private func fetch(_ key: TokenKey) -> Task<AccessToken, Error> {
        if let running = inFlight[key] { return running }
        let task = Task {
            defer { inFlight[key] = nil }
            do {
                let token = try await requestWithRetries(key)
                cache[key] = cacheEntry(for: token)
                return token
            } catch {
                // A failed background refresh keeps the current token until it is unusable,
                // and tries again only after a backoff's worth of time.
                if var cached = cache[key] {
                    cached.refreshAt = now() + configuration.backoff.maximum
                    cache[key] = cached
                }
                logger.warning("token request failed", metadata: ["key": "\(key)", "error": "\(error)"])
                throw error
            }
        }
        inFlight[key] = task
        return task
    }

    private func cacheEntry(for token: AccessToken) -> Cached {
        let received = now()
        let lifetime = token.expiresAt - received
        let jitter = configuration.refreshJitter > 0 ? Double.random(in: -configuration.refreshJitter...configuration.refreshJitter) : 0
        let share = min(max(configuration.refreshShare + jitter, 0), 1)
        let usableUntil = token.expiresAt - configuration.expiryMargin
        return Cached(token: token, refreshAt: min(received + lifetime * share, usableUntil), usableUntil: usableUntil)
    }

    private func requestWithRetries(_ key: TokenKey) async throws -> AccessToken {
        let backoff = configuration.backoff
        var attempt = 0
        while true {
            attempt += 1
            let outcome: Outcome
            do {
                outcome = try await requestOnce(key)
            } catch let error as TransportError {
                // Only a server out of reach may come back; a wrong answer stays wrong.
                guard case .unreachable = error, attempt < backoff.attempts else { throw TokenRequestError.transport(error) }
                try await sleep(backoff.delay(afterAttempt: attempt, retryAfterSeconds: nil))
                continue
            }
            switch outcome {
            case let .token(token): return token
            case let .retryable(status, retryAfter):
                guard attempt < backoff.attempts else { throw TokenRequestError.unavailable(status: status, attempts: attempt) }
                try await sleep(backoff.delay(afterAttempt: attempt, retryAfterSeconds: retryAfter))
            }
        }
    }

    private enum Outcome {
        case token(AccessToken)
        case retryable(status: Int, retryAfter: Int?)
    }

    private func requestOnce(_ key: TokenKey) async throws -> Outcome {
        let url = try await endpointURL()
        requestsSent += 1
        let response = try await configuration.transport.postForm(
            url, [("grant_type", "client_credentials")] + key.formParameters, as: configuration.authentication)
        switch response.status {
        case 200:
            let answer = try response.decode(TokenResponse.self, from: url)
            guard answer.tokenType.lowercased() == "bearer" else { throw TokenRequestError.unsupportedTokenType(answer.tokenType) }
            let lifetime = answer.expiresIn.map { Duration.seconds($0) } ?? configuration.defaultLifetime
            return .token(AccessToken(value: answer.accessToken, scope: answer.scope ?? key.scopes.joined(separator: " "),
                                      expiresAt: now() + lifetime))
        case 429, 500...599:
            return .retryable(status: response.status, retryAfter: RetryAfter.seconds(response.headers.first(name: "Retry-After")))
        default:
            guard let refusal = try? response.decode(OAuthErrorResponse.self, from: url) else {
                throw TokenRequestError.transport(.unexpectedStatus(url: url, status: response.status))
            }
            throw TokenRequestError.refused(status: response.status, refusal)
        }
    }

    /// The token endpoint, discovered once from the issuer's metadata when not given.
    private func endpointURL() async throws -> String {
        switch configuration.endpoint {
        case let .tokenURL(url): return url
        case let .issuer(issuer):
            if let tokenEndpoint, let url = try? await tokenEndpoint.value { return url }
            let discovery = Task { [transport = configuration.transport] in
                guard let url = try await transport.metadata(of: issuer).tokenEndpoint else {
                    throw TransportError.missingEndpoint("token_endpoint")
                }
                return url
            }
            tokenEndpoint = discovery
            return try await discovery.value
        }
    }
}
