import Foundation
import Logging
import OAuth2Client
import OAuth2Core
import OAuth2Store
import OAuth2Transport
import ServerTestSupport
import Testing
import TestSupport

/// `TokenSource` against the real server: caching, refresh ahead of expiry on a manual
/// clock, one request for many callers, discovery, both authentication methods, typed errors.
@Suite struct TokenSourceTests {
    static func source(_ harness: ServerHarness, _ client: ServerHarness.Credentials, method: ClientAuthentication.Method = .clientSecretBasic,
                       endpoint: TokenSourceConfiguration.Endpoint? = nil, clock: ManualClock = ManualClock(),
                       logger: Logger = Logger(label: "test")) -> TokenSource {
        var configuration = TokenSourceConfiguration(endpoint: endpoint ?? .issuer(harness.baseURL),
                                                     authentication: ClientAuthentication(clientID: client.id, secret: client.secret, method: method))
        configuration.refreshJitter = 0
        return TokenSource(configuration: configuration, logger: logger, now: { clock.now })
    }

    /// Tokens the server recorded for `client`: one per token request that succeeded.
    static func issued(_ harness: ServerHarness, _ client: ServerHarness.Credentials) throws -> Int {
        try harness.store.countTokens(TokenQuery(clientId: client.id), upTo: 10_000)
    }

    @Test(arguments: [ClientAuthentication.Method.clientSecretBasic, .clientSecretPost])
    func aTokenIsFetchedOnceAndCachedPerScopeAndResource(_ method: ClientAuthentication.Method) async throws {
        let harness = try ServerHarness()
        let client = try harness.register(audiences: ["https://orders.example"])
        let source = Self.source(harness, client, method: method)
        let first = try await source.token(scopes: ["read"])
        #expect(try await source.token(scopes: ["read"]) == first)
        #expect(first.scope == "read")
        #expect(try Self.issued(harness, client) == 1)
        let both = try await source.token(scopes: ["write", "read"])
        #expect(try await source.token(scopes: ["read", "write"]) == both && both != first)
        let forOrders = try await source.token(scopes: ["read"], resources: ["https://orders.example"])
        #expect(forOrders != first)
        #expect(try Self.issued(harness, client) == 3)
        #expect(!"\(first)".contains(first.value) && !"\(source.configuration.authentication)".contains(client.secret))
    }

    @Test func aTokenIsRefreshedInTheBackgroundAtEightyPercentOfItsLifetime() async throws {
        let harness = try ServerHarness()
        let client = try harness.register(ttl: 100)
        let clock = ManualClock()
        let source = Self.source(harness, client, clock: clock)
        let first = try await source.token()
        clock.advance(by: .seconds(79))
        #expect(try await source.token() == first)
        #expect(try Self.issued(harness, client) == 1)
        clock.advance(by: .seconds(2))
        // Past 80 %: the current token is still handed out while its successor is fetched.
        #expect(try await source.token() == first)
        #expect(await eventually(within: .seconds(5)) { (try? await source.token()) != first })
        #expect(try Self.issued(harness, client) == 2)
        // Past the expiry margin a token is never handed out: callers wait for a new one.
        clock.advance(by: .seconds(96))
        let third = try await source.token()
        let issued = try Self.issued(harness, client)
        #expect(third != first && issued == 3)
    }

    @Test func aHundredConcurrentCallersShareOneRequest() async throws {
        let harness = try ServerHarness()
        let client = try harness.register()
        let source = Self.source(harness, client)
        let tokens = try await withThrowingTaskGroup(of: AccessToken.self) { group in
            for _ in 0..<100 { group.addTask { try await source.token(scopes: ["read"]) } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1.value) }
        }
        #expect(tokens.count == 1)
        #expect(try Self.issued(harness, client) == 1)
        #expect(await source.requestsSent == 1)
    }

    @Test func refusalsAreTypedAndNeverRetriedNorCarryTheSecret() async throws {
        let harness = try ServerHarness()
        let client = try harness.register(scopes: ["read"])
        let source = Self.source(harness, client, endpoint: .tokenURL(harness.baseURL + "/token"))
        await #expect {
            _ = try await source.token(scopes: ["admin"])
        } throws: { error in
            (error as? TokenRequestError)?.oauthError == "invalid_scope"
        }
        #expect(await source.requestsSent == 1)

        let impostor = Self.source(harness, ServerHarness.Credentials(id: client.id, secret: "o2s_wrong-secret"))
        do {
            _ = try await impostor.token()
            Issue.record("a wrong secret got a token")
        } catch {
            #expect((error as? TokenRequestError)?.oauthError == "invalid_client")
            #expect(!"\(error)".contains("o2s_wrong-secret"))
        }
    }

    @Test func aMetadataDocumentNamingAnotherIssuerIsNotTrusted() async throws {
        let harness = try ServerHarness()
        let client = try harness.register()
        let source = Self.source(harness, client, endpoint: .issuer(harness.baseURL.replacingOccurrences(of: "127.0.0.1", with: "localhost")))
        await #expect {
            _ = try await source.token()
        } throws: { error in
            if case .transport(.issuerMismatch) = error as? TokenRequestError { return true }
            return false
        }
    }
}
