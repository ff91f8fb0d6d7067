import Foundation
import TestSupport
import Testing
@testable import OAuth2Core
@testable import OAuth2Server
@testable import OAuth2Store
import ServerTestSupport

@Suite struct IntrospectionRevocationTests {
    @Test(arguments: TokenFormat.allCases)
    func ownTokensIntrospectActiveWithTheirClaims(_ format: TokenFormat) async throws {
        let harness = try ServerHarness()
        let client = try harness.register(format: format, audiences: ["https://api.example.com"])
        let token = try await harness.accessToken(client, "&scope=read&resource=https%3A%2F%2Fapi.example.com")
        let response = try await harness.introspect(token, as: client)
        #expect(response.status == 200)
        #expect(response.header("Cache-Control") == "no-store")
        let json = response.json
        #expect(json["active"] as? Bool == true)
        #expect(json["client_id"] as? String == client.id)
        #expect(json["scope"] as? String == "read")
        #expect(json["token_type"] as? String == "Bearer")
        #expect(json["aud"] as? String == "https://api.example.com")
        #expect(json["iss"] as? String == harness.baseURL)
        #expect((json["exp"] as? Int ?? 0) > (json["iat"] as? Int ?? .max))
    }

    @Test func othersTokensAreInactiveUnlessTheCallerMayIntrospect() async throws {
        let harness = try ServerHarness()
        let owner = try harness.register()
        let stranger = try harness.register()
        let gateway = try harness.register(introspect: true)
        let token = try await harness.accessToken(owner)
        #expect(try await harness.introspect(token, as: stranger).json.keys.sorted() == ["active"])
        #expect(try await harness.introspect(token, as: stranger).json["active"] as? Bool == false)
        #expect(try await harness.introspect(token, as: gateway).json["active"] as? Bool == true)
    }

    /// A disabled or deleted client's tokens stop at resource servers that introspect, as
    /// they do at those that follow the revocation feed.
    @Test(arguments: ["disable", "delete"])
    func tokensOfADisabledOrDeletedClientAreInactive(_ action: String) async throws {
        let harness = try ServerHarness()
        let owner = try harness.register()
        let gateway = try harness.register(introspect: true)
        let token = try await harness.accessToken(owner)
        #expect(try await harness.introspect(token, as: gateway).json["active"] as? Bool == true)
        if action == "disable" {
            _ = try harness.store.setStatus(clientId: owner.id, .disabled, actor: .cli)
        } else {
            _ = try harness.store.deleteClient(id: owner.id, actor: .cli)
        }
        let response = try await harness.introspect(token, as: gateway)
        #expect(String(decoding: response.body, as: UTF8.self) == "{\"active\":false}")
    }

    /// Enabled again, the client's new tokens are good, and those from before the disable
    /// stay stopped, as the revocation feed has them.
    @Test func tokensIssuedBeforeADisableStayInactiveOnceTheClientIsEnabledAgain() async throws {
        let clock = ManualClock()
        let harness = try ServerHarness(clock: clock.epochClock)
        let owner = try harness.register()
        let gateway = try harness.register(introspect: true)
        let before = try await harness.accessToken(owner)
        _ = try harness.store.setStatus(clientId: owner.id, .disabled, actor: .cli)
        _ = try harness.store.setStatus(clientId: owner.id, .active, actor: .cli)
        // A client-wide revocation covers its whole second: the next token comes after it.
        clock.advance(by: .seconds(1))
        let after = try await harness.accessToken(owner)
        #expect(try await harness.introspect(before, as: gateway).json["active"] as? Bool == false)
        #expect(try await harness.introspect(after, as: gateway).json["active"] as? Bool == true)
    }

    @Test func unknownMalformedRevokedAndExpiredAreExactlyInactive() async throws {
        let clock = ManualClock()
        let harness = try ServerHarness(clock: clock.epochClock)
        let client = try harness.register(introspect: true)
        let revoked = try await harness.accessToken(client)
        let row = try #require(try harness.store.listTokens(TokenQuery(clientId: client.id)).first)
        try harness.store.revokeToken(jti: row.jti, reason: "test", actor: .cli)
        let expiring = try harness.register(ttl: 1)
        let expired = try await harness.accessToken(expiring)
        clock.advance(by: .seconds(2))
        for token in [revoked, expired, "not-a-token", "a.b.c", String(revoked.dropLast(2)), "o2t_" + String(repeating: "A", count: 43)] {
            let response = try await harness.introspect(token, as: client)
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "{\"active\":false}")
        }
    }

    @Test func introspectionRequiresAuthentication() async throws {
        let harness = try ServerHarness()
        let client = try harness.register()
        let token = try await harness.accessToken(client)
        let anonymous = try await harness.post("/introspect", "token=\(token)")
        #expect(anonymous.status == 401 && anonymous.error == "invalid_client")
        let wrong = try await harness.introspect(token, as: .init(id: client.id, secret: "bad"))
        #expect(wrong.status == 401)
        let missing = try await harness.post("/introspect", "", headers: ["Authorization": ServerHarness.basic(client)])
        #expect(missing.status == 400 && missing.error == "invalid_request")
    }

    @Test func theOwnerRevokesAndIntrospectionSeesItAtOnce() async throws {
        let harness = try ServerHarness()
        let client = try harness.register()
        let token = try await harness.accessToken(client)
        let revoke = try await harness.post("/revoke", "token=\(token)&token_type_hint=access_token",
                                             headers: ["Authorization": ServerHarness.basic(client)])
        #expect(revoke.status == 200)
        #expect(try await harness.introspect(token, as: client).json["active"] as? Bool == false)
        let audit = try harness.store.listAudit(limit: 10)
        #expect(audit.first?.action == "token.revoke" && audit.first?.actor == .server)
    }

    @Test func anotherClientCannotRevokeAndUnknownTokensStill200() async throws {
        let harness = try ServerHarness()
        let owner = try harness.register()
        let other = try harness.register()
        let token = try await harness.accessToken(owner)
        let attempt = try await harness.post("/revoke", "token=\(token)", headers: ["Authorization": ServerHarness.basic(other)])
        #expect(attempt.status == 200)
        #expect(try await harness.introspect(token, as: owner).json["active"] as? Bool == true)
        let unknown = try await harness.post("/revoke", "token=nothing-like-it", headers: ["Authorization": ServerHarness.basic(other)])
        #expect(unknown.status == 200)
        let anonymous = try await harness.post("/revoke", "token=\(token)")
        #expect(anonymous.status == 401)
    }
}

@Suite struct DiscoveryAndLimitsTests {
    @Test func metadataDescribesTheServer() async throws {
        let harness = try ServerHarness()
        let json = try await harness.get("/.well-known/oauth-authorization-server").json
        #expect(json["issuer"] as? String == harness.baseURL)
        #expect(json["token_endpoint"] as? String == harness.baseURL + "/token")
        #expect(json["jwks_uri"] as? String == harness.baseURL + "/jwks.json")
        #expect(json["introspection_endpoint"] as? String == harness.baseURL + "/introspect")
        #expect(json["revocation_endpoint"] as? String == harness.baseURL + "/revoke")
        #expect(json["grant_types_supported"] as? [String] == ["client_credentials"])
        #expect(json["response_types_supported"] as? [String] == [])
        #expect(json["token_endpoint_auth_methods_supported"] as? [String] == ["client_secret_basic", "client_secret_post"])
        #expect(json["scopes_supported"] as? [String] == ["admin", "read", "write"])
    }

    @Test func jwksServesActiveAndRetiringKeys() async throws {
        let harness = try ServerHarness()
        let first = try #require(try harness.store.activeKey())
        try harness.store.activate(SigningKeyRecord.generate(.rs256), actor: .cli)
        try await Task.sleep(for: .milliseconds(1100))
        let keys = try #require(try await harness.get("/jwks.json").json["keys"] as? [[String: Any]])
        #expect(Set(keys.compactMap { $0["kid"] as? String }).contains(first.kid))
        #expect(Set(keys.compactMap { $0["alg"] as? String }) == ["ES256", "RS256"])
        #expect(keys.allSatisfy { $0["d"] == nil })
    }

    @Test func healthAndMetrics() async throws {
        let harness = try ServerHarness()
        let client = try harness.register()
        _ = try await harness.token(client)
        _ = try await harness.token(.init(id: client.id, secret: "bad"))
        #expect(try await harness.get("/healthz").status == 200)
        let metrics = String(decoding: try await harness.get("/metrics").body, as: UTF8.self)
        #expect(metrics.contains("oauth2_tokens_issued_total{format=\"jwt\"} 1"))
        #expect(metrics.contains("oauth2_tokens_denied_total{reason=\"invalid_client\"} 1"))
        #expect(metrics.contains("oauth2_live_tokens 1"))
        #expect(metrics.contains("oauth2_http_request_duration_seconds_bucket"))
        #expect(metrics.contains("oauth2_token_commit_batch_size_count 1"))
    }

    @Test func oversizedBodiesGet413WithAJSONError() async throws {
        let harness = try ServerHarness()
        let client = try harness.register()
        let response = try await harness.post("/token", "grant_type=client_credentials&x=" + String(repeating: "a", count: 17 * 1024),
                                              headers: ["Authorization": ServerHarness.basic(client)])
        #expect(response.status == 413)
        #expect(response.error == "request_too_large")
    }

    /// The client is still sending when the 413 goes out: the server closes only its own
    /// side and reads on, dropping the rest. Closing outright on unread bytes would answer
    /// what comes next with a reset, which can destroy the 413 before the client reads it.
    @Test func a413IsFollowedByAHalfCloseNotAReset() throws {
        let harness = try ServerHarness()
        let connection = try LoopbackSocket(port: harness.port)
        let head = "POST /token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: 1000000\r\n\r\n"
        #expect(connection.send(Array(head.utf8)))
        let answer = String(decoding: connection.receiveUntilClosed(), as: UTF8.self)
        #expect(answer.hasPrefix("HTTP/1.1 413") && answer.contains("request_too_large"))
        // The body keeps coming after the answer; a reset would make a later send fail.
        let more = [UInt8](repeating: UInt8(ascii: "a"), count: 65536)
        for round in 0..<3 {
            let sent = connection.send(more)
            #expect(sent, "send \(round) after the answer failed: the server reset the connection")
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    @Test func chunkedBodiesOverTheLimitAre413Too() throws {
        let harness = try ServerHarness()
        let chunk = String(repeating: "a", count: 8000)
        let request = "POST /token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
            + (0..<3).map { _ in String(8000, radix: 16) + "\r\n" + chunk + "\r\n" }.joined() + "0\r\n\r\n"
        let answer = try RawHTTP.exchange(port: harness.port, Array(request.utf8))
        #expect(answer.hasPrefix("HTTP/1.1 413"))
        #expect(answer.contains("request_too_large"))
    }

    @Test func oversizedHeadersGet431() throws {
        let harness = try ServerHarness()
        let request = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 9000))\r\n\r\n"
        let answer = try RawHTTP.exchange(port: harness.port, Array(request.utf8))
        #expect(answer.hasPrefix("HTTP/1.1 431"))
    }

    @Test func slowRequestsTimeOutWith408() throws {
        let harness = try ServerHarness { $0.limits.readTimeoutSeconds = 1 }
        let partial = "POST /token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ngrant"
        let answer = try RawHTTP.exchange(port: harness.port, Array(partial.utf8), timeout: 4)
        #expect(answer.hasPrefix("HTTP/1.1 408"))
    }

    @Test func idleKeepAliveConnectionsAreClosed() throws {
        let harness = try ServerHarness { $0.limits.idleTimeoutSeconds = 1 }
        let started = Date()
        let answer = try RawHTTP.exchange(port: harness.port, Array("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".utf8), timeout: 6)
        let elapsed = Date().timeIntervalSince(started)
        #expect(answer.hasPrefix("HTTP/1.1 200"))
        #expect(elapsed > 0.9 && elapsed < 4, "closed after \(elapsed) s")
    }

    /// Pipelined requests, the first answered only after its token is committed, are all
    /// answered, in order.
    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let harness = try ServerHarness()
        let client = try harness.register()
        let form = "grant_type=client_credentials"
        let token = "POST /token HTTP/1.1\r\nHost: x\r\nAuthorization: \(ServerHarness.basic(client))\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(form.utf8.count)\r\n\r\n\(form)"
        let requests = token + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" + token
            + "GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        let answer = try RawHTTP.exchange(port: harness.port, Array(requests.utf8))
        let statuses = answer.components(separatedBy: "HTTP/1.1 ").dropFirst().map { String($0.prefix(3)) }
        #expect(statuses == ["200", "200", "200", "404"])
        let bodies = answer.components(separatedBy: "\r\n\r\n").dropFirst()
        #expect(bodies.first?.contains("access_token") == true)
        #expect(answer.range(of: "\"status\"")!.lowerBound > answer.range(of: "access_token")!.lowerBound)
        #expect(try harness.store.listTokens(TokenQuery(clientId: client.id)).count == 2)
    }

    /// HEAD answers as GET does, headers and length included, but without the body: the
    /// next answer on the connection starts right after the headers.
    @Test func headIsGetWithoutTheBody() throws {
        let harness = try ServerHarness()
        let requests = "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nHEAD /token HTTP/1.1\r\nHost: x\r\n\r\n"
            + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        let answer = try RawHTTP.exchange(port: harness.port, Array(requests.utf8))
        let responses: [String] = Array(answer.components(separatedBy: "HTTP/1.1 ").dropFirst())
        #expect(responses.count == 3)
        #expect(responses.first?.hasPrefix("200") == true && responses.first?.hasSuffix("Content-Length: 15\r\n\r\n") == true)
        #expect(responses.dropFirst().first?.hasPrefix("405") == true && responses.dropFirst().first?.hasSuffix("\r\n\r\n") == true)
        #expect(responses.last?.hasSuffix("\r\n\r\n{\"status\":\"ok\"}") == true)
    }

    /// HTTP/1.0 clients get HTTP/1.1 answers (RFC 9112 §2.3), closed unless they asked
    /// to keep the connection.
    @Test func http10ClientsAreAnsweredAndClosedUnlessTheyAskToKeepAlive() throws {
        let harness = try ServerHarness()
        let closing = try RawHTTP.exchange(port: harness.port, Array("GET /healthz HTTP/1.0\r\n\r\n".utf8))
        #expect(closing.hasPrefix("HTTP/1.1 200") && closing.contains("Connection: close\r\n"))
        let kept = "GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /healthz HTTP/1.0\r\n\r\n"
        let answers = try RawHTTP.exchange(port: harness.port, Array(kept.utf8))
        #expect(answers.components(separatedBy: "HTTP/1.1 200").count == 3)
        #expect(answers.contains("Connection: keep-alive\r\n") && answers.hasSuffix("{\"status\":\"ok\"}"))
    }

    @Test func garbageGetsA4xxNotACrash() throws {
        let harness = try ServerHarness()
        let answer = try RawHTTP.exchange(port: harness.port, Array("NOT HTTP AT ALL\r\n\r\n".utf8))
        #expect(answer.hasPrefix("HTTP/1.1 400"))
        #expect(answer.contains("Connection: close") && answer.contains("\"error\":\"invalid_request\""))
        #expect(try RawHTTP.exchange(port: harness.port, Array("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8)).hasPrefix("HTTP/1.1 200"))
    }

    @Test func bruteForceIsSlowedThenRefusedPerClient() async throws {
        let harness = try ServerHarness { configuration in
            configuration.bruteForce.slowAfter = 2
            configuration.bruteForce.refuseAfter = 4
            configuration.bruteForce.delayStepMilliseconds = 50
        }
        let victim = try harness.register()
        let bystander = try harness.register()
        for _ in 0..<4 { _ = try await harness.token(.init(id: victim.id, secret: "guess")) }
        let refused = try await harness.token(victim)
        #expect(refused.status == 429)
        #expect(Int(refused.header("Retry-After") ?? "") ?? 0 > 0)
        let metrics = String(decoding: try await harness.get("/metrics").body, as: UTF8.self)
        #expect(metrics.contains("oauth2_tokens_denied_total{reason=\"rate_limited\"} 1"))
        #expect(try await harness.token(bystander).status == 200)
    }

    @Test func bruteForceFromOneAddressIsRefusedAcrossClients() async throws {
        let harness = try ServerHarness { configuration in
            configuration.bruteForce.addressSlowAfter = 2
            configuration.bruteForce.addressRefuseAfter = 6
            configuration.bruteForce.delayStepMilliseconds = 10
        }
        for _ in 0..<6 { _ = try await harness.token(.init(id: "guess-\(UUID())", secret: "guess")) }
        let client = try harness.register()
        #expect(try await harness.token(client).status == 429)
    }
}
