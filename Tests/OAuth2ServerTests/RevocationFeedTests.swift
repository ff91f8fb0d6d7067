import Foundation
import OAuth2Core
import ServerTestSupport
import Testing
import TestSupport
@testable import OAuth2Store

/// POST /revocations, the feed resource servers follow, over a real server and store.
@Suite struct RevocationFeedTests {
    private static func page(_ harness: ServerHarness, as reader: ServerHarness.Credentials, cursor: String? = nil) async throws -> RevocationFeedPage {
        let response = try await harness.post("/revocations", cursor.map { "cursor=\($0)" } ?? "",
                                              headers: ["Authorization": ServerHarness.basic(reader)])
        #expect(response.status == 200)
        #expect(response.header("Cache-Control") == "no-store")
        // The server's hand-written JSON is the wire type the libraries decode.
        return try JSONDecoder().decode(RevocationFeedPage.self, from: response.body)
    }

    @Test func revocationsOfEveryKindComeInOrderAfterTheCursor() async throws {
        let harness = try ServerHarness()
        let reader = try harness.register(introspect: true)
        let owner = try harness.register()
        let revokedAll = try harness.register()
        let disabled = try harness.register()
        for client in [owner, owner, revokedAll, disabled] { _ = try await harness.accessToken(client) }
        #expect(try await Self.page(harness, as: reader).revocations.isEmpty)

        let token = try #require(try harness.store.listTokens(TokenQuery(clientId: owner.id)).first)
        try harness.store.revokeToken(jti: token.jti, reason: "test", actor: .cli)
        let before = Clock.system.now()
        #expect(try harness.store.revokeTokens(clientId: revokedAll.id, reason: "test", actor: .cli) == 1)
        _ = try harness.store.setStatus(clientId: disabled.id, .disabled, actor: .cli)

        let first = try await Self.page(harness, as: reader)
        #expect(first.more == false)
        #expect(first.revocations.count == 3)
        #expect(first.revocations[0] == RevocationFeedPage.Entry(clientID: owner.id, jwtID: token.jti, expiresAt: token.expiresAt))
        for (entry, client) in zip(first.revocations.dropFirst(), [revokedAll, disabled]) {
            #expect(entry.clientID == client.id && entry.jwtID == nil)
            #expect((entry.issuedThrough ?? 0) >= before && (entry.issuedThrough ?? .max) <= Clock.system.now())
            #expect(entry.expiresAt > Clock.system.now())
        }

        let caughtUp = try await Self.page(harness, as: reader, cursor: first.cursor)
        #expect(caughtUp.revocations.isEmpty && caughtUp.cursor == first.cursor)
        let other = try #require(try harness.store.listTokens(TokenQuery(clientId: owner.id, state: .active)).first)
        try harness.store.revokeToken(jti: other.jti, reason: "test", actor: .cli)
        #expect(try await Self.page(harness, as: reader, cursor: first.cursor).revocations.map(\.jwtID) == [other.jti])
    }

    @Test func aLongFeedComesInBoundedPages() async throws {
        let harness = try ServerHarness()
        let reader = try harness.register(introspect: true)
        let count = RevocationEntry.pageLimit + 5
        try harness.store.write { db in
            for index in 0..<count {
                try db.execute(sql: "INSERT INTO revocation_feed (client_id, jti, expires_at) VALUES ('c', ?, ?)",
                               arguments: ["jti-\(index)", Clock.system.now() + 600])
            }
        }
        let first = try await Self.page(harness, as: reader)
        #expect(first.revocations.count == RevocationEntry.pageLimit && first.more)
        let second = try await Self.page(harness, as: reader, cursor: first.cursor)
        #expect(second.revocations.map(\.jwtID) == (RevocationEntry.pageLimit..<count).map { "jti-\($0)" })
        #expect(second.more == false)
    }

    @Test func entriesAreKeptUntilTheirTokensExpire() async throws {
        let harness = try ServerHarness()
        let reader = try harness.register(introspect: true)
        let client = try harness.register(ttl: 600)
        _ = try await harness.accessToken(client)
        #expect(try harness.store.revokeTokens(clientId: client.id, reason: "test", actor: .cli) == 1)
        let entry = try #require(try await Self.page(harness, as: reader).revocations.first)
        #expect(try harness.store.purgeExpiredRevocations(at: entry.expiresAt - 1) == 0)
        #expect(try harness.store.purgeExpiredRevocations(at: entry.expiresAt) == 1)
        #expect(try await Self.page(harness, as: reader).revocations.isEmpty)
        // A client with no live token needs no entry at all.
        _ = try harness.store.setStatus(clientId: client.id, .disabled, actor: .cli)
        let idle = try harness.register()
        _ = try harness.store.setStatus(clientId: idle.id, .disabled, actor: .cli)
        #expect(try await Self.page(harness, as: reader).revocations.map(\.clientID) == [client.id])
    }

    @Test func onlyAuthenticatedClientsWithTheIntrospectPermissionMayRead() async throws {
        let harness = try ServerHarness()
        let plain = try harness.register()
        let reader = try harness.register(introspect: true)
        let forbidden = try await harness.post("/revocations", "", headers: ["Authorization": ServerHarness.basic(plain)])
        #expect(forbidden.status == 403 && forbidden.error == "unauthorized_client")
        let anonymous = try await harness.post("/revocations", "")
        #expect(anonymous.status == 401 && anonymous.error == "invalid_client")
        let wrong = try await harness.post("/revocations", "", headers: ["Authorization": LoopbackHTTP.basic(reader.id, "o2s_wrong")])
        #expect(wrong.status == 401)
        let badCursor = try await harness.post("/revocations", "cursor=-3", headers: ["Authorization": ServerHarness.basic(reader)])
        #expect(badCursor.status == 400 && badCursor.error == "invalid_request")
        #expect(try await harness.get("/revocations").status == 405)
        _ = try harness.store.setStatus(clientId: reader.id, .disabled, actor: .cli)
        let disabled = try await harness.post("/revocations", "", headers: ["Authorization": ServerHarness.basic(reader)])
        #expect(disabled.status == 400 && disabled.error == "unauthorized_client")
    }

    @Test func theMetadataAdvertisesTheFeed() async throws {
        let harness = try ServerHarness()
        let metadata = try JSONDecoder().decode(AuthorizationServerMetadata.self, from: try await harness.get("/.well-known/oauth-authorization-server").body)
        #expect(metadata.revocationFeedEndpoint == harness.baseURL + "/revocations")
        #expect(metadata.issuer == harness.baseURL)
    }
}
