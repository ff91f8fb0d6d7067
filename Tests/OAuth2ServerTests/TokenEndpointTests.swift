import Foundation
import JWTKit
import TestSupport
import Testing
@testable import OAuth2Core
@testable import OAuth2Server
@testable import OAuth2Store
import ServerTestSupport

struct AccessTokenClaims: JWTPayload {
    let iss: IssuerClaim
    let sub: SubjectClaim
    let aud: AudienceClaim
    let exp: ExpirationClaim
    let iat: IssuedAtClaim
    let jti: IDClaim
    let scope: String
    let client_id: String

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}

@Suite struct TokenEndpointTests {
    /// Verifies `token` against the served JWKS with jwt-kit, an independent JOSE implementation.
    static func verify(_ token: String, on harness: ServerHarness) async throws -> AccessTokenClaims {
        let jwks = try await harness.get("/jwks.json")
        let keys = try await JWTKeyCollection().add(jwksJSON: String(decoding: jwks.body, as: UTF8.self))
        return try await keys.verify(token, as: AccessTokenClaims.self)
    }

    static func header(of token: String) throws -> [String: Any] {
        var part = String(token.split(separator: ".")[0]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while part.count % 4 != 0 { part += "=" }
        return try JSONSerialization.jsonObject(with: Data(base64Encoded: part)!) as! [String: Any]
    }

    @Test(arguments: SigningAlgorithm.allCases)
    func issuesRFC9068JWTsVerifiableAgainstTheJWKS(_ algorithm: SigningAlgorithm) async throws {
        let harness = try ServerHarness(signingAlgorithm: algorithm)
        let client = try harness.register(scopes: ["read", "write"])
        let response = try await harness.token(client)
        #expect(response.status == 200)
        #expect(response.header("Cache-Control") == "no-store")
        #expect(response.header("Pragma") == "no-cache")
        #expect(response.json["token_type"] as? String == "Bearer")
        #expect(response.json["expires_in"] as? Int == 3600)
        #expect(response.json["scope"] as? String == "read write")
        #expect(response.json["refresh_token"] == nil)
        let token = try #require(response.json["access_token"] as? String)
        let header = try Self.header(of: token)
        #expect(header["typ"] as? String == "at+jwt")
        #expect(header["alg"] as? String == algorithm.rawValue)
        #expect(header["kid"] as? String == (try harness.store.activeKey()?.kid))
        let claims = try await Self.verify(token, on: harness)
        #expect(claims.iss.value == harness.baseURL)
        #expect(claims.sub.value == client.id)
        #expect(claims.client_id == client.id)
        #expect(claims.aud.value == [harness.baseURL])
        #expect(claims.scope == "read write")
        #expect(Int(claims.exp.value.timeIntervalSince(claims.iat.value)) == 3600)
        #expect(try harness.store.token(jti: claims.jti.value)?.clientId == client.id)
    }

    @Test func acceptsClientSecretPost() async throws {
        let harness = try ServerHarness()
        let client = try harness.register()
        let response = try await harness.post("/token", "grant_type=client_credentials&client_id=\(client.id)&client_secret=\(client.secret)")
        #expect(response.status == 200)
    }

    @Test func grantsTheAskedSubsetOrEverythingAllowed() async throws {
        let harness = try ServerHarness()
        let client = try harness.register(scopes: ["read", "write"])
        #expect(try await harness.token(client, "&scope=read").json["scope"] as? String == "read")
        #expect(try await harness.token(client, "&scope=write%20read").json["scope"] as? String == "read write")
        let denied = try await harness.token(client, "&scope=read%20admin")
        #expect(denied.status == 400 && denied.error == "invalid_scope")
        #expect(try await harness.token(client, "&scope=read%20%20write").error == "invalid_scope")
    }

    @Test func resourceIndicatorsBecomeTheAudience() async throws {
        let harness = try ServerHarness()
        let client = try harness.register(audiences: ["https://api.example.com", "https://billing.example.com"])
        let token = try await harness.accessToken(client, "&resource=https%3A%2F%2Fapi.example.com")
        #expect(try await Self.verify(token, on: harness).aud.value == ["https://api.example.com"])
        let two = try await harness.accessToken(client, "&resource=https%3A%2F%2Fapi.example.com&resource=https%3A%2F%2Fbilling.example.com")
        #expect(Set(try await Self.verify(two, on: harness).aud.value) == ["https://api.example.com", "https://billing.example.com"])
        let denied = try await harness.token(client, "&resource=https%3A%2F%2Fother.example.com")
        #expect(denied.status == 400 && denied.error == "invalid_target")
        #expect(try await harness.token(client, "&resource=relative").error == "invalid_target")
    }

    @Test func unknownClientAndWrongSecretGetTheSameAnswer() async throws {
        let harness = try ServerHarness()
        let client = try harness.register()
        let wrong = try await harness.token(.init(id: client.id, secret: "o2s_wrong"))
        let unknown = try await harness.token(.init(id: "nobody", secret: client.secret))
        for response in [wrong, unknown] {
            #expect(response.status == 401)
            #expect(response.error == "invalid_client")
            #expect(response.header("WWW-Authenticate")?.hasPrefix("Basic realm=") == true)
        }
        #expect(wrong.body == unknown.body)
        let posted = try await harness.post("/token", "grant_type=client_credentials&client_id=\(client.id)&client_secret=nope")
        #expect(posted.status == 401 && posted.error == "invalid_client")
        let anonymous = try await harness.post("/token", "grant_type=client_credentials")
        #expect(anonymous.status == 401 && anonymous.header("WWW-Authenticate") != nil)
    }

    @Test func malformedRequestsAreInvalidRequest() async throws {
        let harness = try ServerHarness()
        let client = try harness.register()
        let basic = ["Authorization": ServerHarness.basic(client)]
        let cases: [(String, [String: String], String?)] = [
            ("grant_type=client_credentials&grant_type=client_credentials", basic, "application/x-www-form-urlencoded"),
            ("grant_type=client_credentials&client_secret=\(client.secret)", basic, "application/x-www-form-urlencoded"),
            ("{\"grant_type\":\"client_credentials\"}", basic, "application/json"),
            ("grant_type=client_credentials", basic, "text/plain"),
            ("grant_type=client_credentials&scope=%zz", basic, "application/x-www-form-urlencoded"),
            ("grant_type=client_credentials&scope=%ff%fe", basic, "application/x-www-form-urlencoded"),
            ("grant_type=client_credentials", basic, "application/x-www-form-urlencoded; charset=latin1"),
            ("", basic, "application/x-www-form-urlencoded"),
            ("grant_type=client_credentials", ["Authorization": "Bearer abc"], "application/x-www-form-urlencoded"),
            ("grant_type=client_credentials", ["Authorization": "Basic !!!"], "application/x-www-form-urlencoded"),
        ]
        for (body, headers, contentType) in cases {
            let response = try await harness.post("/token", body, headers: headers, contentType: contentType)
            #expect(response.status == 400, "\(body) \(contentType ?? "-")")
            #expect(response.error == "invalid_request", "\(body) \(contentType ?? "-")")
            #expect(response.json["error_description"] is String)
        }
    }

    @Test func unsupportedGrantTypesAndDisabledClients() async throws {
        let harness = try ServerHarness()
        let client = try harness.register()
        let password = try await harness.post("/token", "grant_type=password", headers: ["Authorization": ServerHarness.basic(client)])
        #expect(password.status == 400 && password.error == "unsupported_grant_type")
        _ = try harness.store.setStatus(clientId: client.id, .disabled, actor: .cli)
        let disabled = try await harness.token(client)
        #expect(disabled.status == 400 && disabled.error == "unauthorized_client")
    }

    @Test func opaqueTokensAreRandomAndStoredOnlyAsAHash() async throws {
        let harness = try ServerHarness()
        let client = try harness.register(format: .opaque)
        let token = try await harness.accessToken(client)
        let row = try #require(try harness.store.listTokens(TokenQuery(clientId: client.id)).first)
        #expect(token.hasPrefix("o2t_\(row.jti).") && token.count == "o2t_.".count + row.jti.count + 43)
        #expect(row.format == .opaque && row.keyId == nil)
        #expect(row.tokenHash == TokenMinter.hash(token: token))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: harness.store.path + "-wal"))
        #expect(bytes.range(of: Data(token.utf8)) == nil)
    }

    @Test func onlyPostIsAllowedAndUnknownPathsAre404() async throws {
        let harness = try ServerHarness()
        let get = try await harness.get("/token")
        #expect(get.status == 405 && get.header("Allow") == "POST")
        #expect(try await harness.get("/nope").status == 404)
        #expect(try await harness.post("/jwks.json", "").status == 405)
    }

    @Test func parallelRequestsAllCommit() async throws {
        let harness = try ServerHarness()
        let client = try harness.register()
        let count = 200
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<count { group.addTask { try await harness.token(client).status } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == 200 })
        #expect(try harness.store.listTokens(TokenQuery(clientId: client.id, limit: 1000)).count == count)
    }

    @Test func rotationGraceKeepsTheOldSecretUntilItEnds() async throws {
        let clock = ManualClock()
        let harness = try ServerHarness(clock: clock.epochClock)
        let old = try harness.register()
        let new = try harness.store.rotateSecret(clientId: old.id, grace: 1, actor: .cli).secret.plaintext
        #expect(try await harness.token(old).status == 200)
        #expect(try await harness.token(.init(id: old.id, secret: new)).status == 200)
        clock.advance(by: .seconds(2))
        #expect(try await harness.token(old).status == 401)
        #expect(try await harness.token(.init(id: old.id, secret: new)).status == 200)
    }

    @Test func changesThroughAnotherConnectionApplyOnTheNextRequest() async throws {
        let harness = try ServerHarness()
        let client = try harness.register()
        #expect(try await harness.token(client).status == 200)
        let other = try SQLiteStore(path: harness.store.path)
        _ = try other.setStatus(clientId: client.id, .disabled, actor: .cli)
        #expect(try await harness.token(client).error == "unauthorized_client")
        _ = try other.setStatus(clientId: client.id, .active, actor: .cli)
        let rotated = try other.rotateSecret(clientId: client.id, grace: 0, actor: .cli)
        #expect(try await harness.token(client).status == 401)
        #expect(try await harness.token(.init(id: client.id, secret: rotated.secret.plaintext)).status == 200)
    }

    /// The server authenticates from a cache; each kind of change made elsewhere must still
    /// apply to the very next request, whichever check catches it.
    @Test func aCachedClientNeverOutlivesAChangeMadeElsewhere() async throws {
        let harness = try ServerHarness()
        let client = try harness.register(scopes: ["read", "write"])
        let introspector = try harness.register(introspect: true)
        let token = try await harness.accessToken(client)
        #expect(try await harness.introspect(token, as: introspector).json["active"] as? Bool == true)
        let other = try SQLiteStore(path: harness.store.path)

        // Narrowed scopes: the token's row is refused at commit and the request redone.
        _ = try other.updateClient(id: client.id, ClientChanges(scopes: ["read"]), actor: .cli)
        #expect(try await harness.token(client).json["scope"] as? String == "read")
        #expect(try await harness.token(client, "&scope=write").error == "invalid_scope")

        // Widened scopes: a refusal stands only after the cache was found current.
        _ = try other.updateClient(id: client.id, ClientChanges(scopes: ["read", "write"]), actor: .cli)
        #expect(try await harness.token(client, "&scope=write").status == 200)

        // Disabled, then enabled again.
        _ = try other.setStatus(clientId: client.id, .disabled, actor: .cli)
        #expect(try await harness.token(client).error == "unauthorized_client")
        _ = try other.setStatus(clientId: client.id, .active, actor: .cli)
        #expect(try await harness.token(client).status == 200)

        // The introspecting client's secret rotated with no grace: its old one fails at once.
        let rotated = try other.rotateSecret(clientId: introspector.id, grace: 0, actor: .cli)
        #expect(try await harness.introspect(token, as: introspector).status == 401)
        let renewed = ServerHarness.Credentials(id: introspector.id, secret: rotated.secret.plaintext)
        // Authenticated with the new one; the token, issued before the disable, stays stopped.
        let answer = try await harness.introspect(token, as: renewed)
        #expect(answer.status == 200 && answer.json["active"] as? Bool == false)

        // Deleted: unknown at once, for issuing and introspecting alike.
        _ = try other.deleteClient(id: client.id, actor: .cli)
        #expect(try await harness.token(client).status == 401)
    }

    @Test func issuancesAndDenialsArePublished() async throws {
        let harness = try ServerHarness()
        let seen = EventLog()
        harness.events.subscribe { seen.append($0) }
        let client = try harness.register()
        _ = try await harness.token(client)
        _ = try await harness.token(.init(id: client.id, secret: "bad"))
        let events = seen.events
        #expect(events.contains { if case let .tokenIssued(issued) = $0 { issued.clientId == client.id } else { false } })
        #expect(events.contains { if case let .tokenDenied(denied) = $0 { denied.reason == "invalid_client" } else { false } })
    }
}

final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [DomainEvent] = []
    func append(_ event: DomainEvent) { lock.withLock { stored.append(event) } }
    var events: [DomainEvent] { lock.withLock { stored } }
}
