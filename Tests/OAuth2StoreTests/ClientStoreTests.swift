import Foundation
import Testing
@testable import OAuth2Core
@testable import OAuth2Store

@Suite struct ClientStoreTests {
    let temporary: TemporaryStore
    var store: SQLiteStore { temporary.store }

    init() throws {
        temporary = try TemporaryStore()
        _ = try temporary.store.addScope(name: "read", actor: .cli)
        _ = try temporary.store.addScope(name: "write", actor: .cli)
    }

    func register(_ name: String = "svc", scopes: [String] = ["read"]) throws -> Registration {
        try store.registerClient(ClientSpec(name: name, scopes: scopes, audiences: ["https://api.example.com"]), actor: .cli)
    }

    @Test func registersAClientWithAVerifiableSecret() throws {
        let registration = try register()
        let details = try store.client(id: registration.client.id)
        #expect(details.client.name == "svc")
        #expect(details.client.status == .active)
        #expect(details.scopes == ["read"])
        #expect(details.audiences == ["https://api.example.com"])
        #expect(details.secrets.count == 1)
        #expect(details.secrets[0].secretHash.matches(registration.secret.plaintext))
        #expect(details.secrets[0].displayPrefix == registration.secret.displayPrefix)
    }

    @Test func refusesUnknownScopesDuplicatesAndBadFieldsChangingNothing() throws {
        _ = try register()
        #expect(throws: StoreError.self) { try self.register("other", scopes: ["nope"]) }
        #expect(throws: StoreError.self) { try self.register("svc") }
        #expect(throws: StoreError.self) { try self.store.registerClient(ClientSpec(name: " ", scopes: []), actor: .cli) }
        #expect(throws: StoreError.self) { try self.store.registerClient(ClientSpec(name: "x", scopes: [], tokenTtl: 0), actor: .cli) }
        #expect(throws: StoreError.self) { try self.store.registerClient(ClientSpec(name: "x", scopes: [], audiences: ["relative"]), actor: .cli) }
        #expect(try store.listClients().count == 1)
        #expect(try temporary.auditActions().filter { $0.hasPrefix("client.") } == ["client.register"])
    }

    @Test func updatesOnlyTheGivenFields() throws {
        let id = try register().client.id
        let updated = try store.updateClient(id: id, ClientChanges(scopes: ["read", "write"], tokenTtl: 600, canIntrospect: true), actor: .cli)
        #expect(updated.scopes == ["read", "write"])
        #expect(updated.client.tokenTtl == 600)
        #expect(updated.client.canIntrospect)
        #expect(updated.client.name == "svc")
        #expect(updated.audiences == ["https://api.example.com"])
        #expect(throws: StoreError.self) { try self.store.updateClient(id: id, ClientChanges(), actor: .cli) }
        #expect(throws: StoreError.self) { try self.store.updateClient(id: "unknown", ClientChanges(name: "x"), actor: .cli) }
    }

    @Test func rotationKeepsTheOldSecretForTheGrace() throws {
        let first = try register()
        let second = try store.rotateSecret(clientId: first.client.id, grace: 3600, actor: .cli)
        let secrets = try store.client(id: first.client.id).secrets
        #expect(secrets.count == 2)
        #expect(secrets.contains { $0.secretHash.matches(first.secret.plaintext) && $0.expiresAt != nil })
        #expect(secrets.contains { $0.secretHash.matches(second.secret.plaintext) && $0.expiresAt == nil })
    }

    @Test func rotationWithoutGraceEndsTheOldSecretAtOnce() throws {
        let first = try register()
        let second = try store.rotateSecret(clientId: first.client.id, grace: 0, actor: .cli)
        let secrets = try store.client(id: first.client.id).secrets
        #expect(secrets.count == 1)
        #expect(secrets[0].secretHash.matches(second.secret.plaintext))
    }

    @Test func theGraceEndsByItself() throws {
        let first = try register()
        // Seconds, not one: under a loaded test run the first look can come a second late.
        _ = try store.rotateSecret(clientId: first.client.id, grace: 3, actor: .cli)
        #expect(try store.client(id: first.client.id).secrets.count == 2)
        Thread.sleep(forTimeInterval: 4.1)
        #expect(try store.client(id: first.client.id).secrets.count == 1)
    }

    @Test func neverMoreThanTwoLiveSecrets() throws {
        let first = try register()
        var latest = first.secret
        for _ in 0..<3 { latest = try store.rotateSecret(clientId: first.client.id, grace: 3600, actor: .cli).secret }
        let secrets = try store.client(id: first.client.id).secrets
        #expect(secrets.count == 2)
        #expect(secrets.contains { $0.secretHash.matches(latest.plaintext) })
        #expect(!secrets.contains { $0.secretHash.matches(first.secret.plaintext) })
    }

    /// A grace past `DurationRange.secretGrace` overflowed the expiry's arithmetic and trapped.
    @Test func aGraceOutOfRangeIsRefusedAndChangesNothing() throws {
        let id = try register().client.id
        for grace in [-1, 365 * 86_400 + 1, Int.max] {
            #expect(throws: StoreError.self) { try self.store.rotateSecret(clientId: id, grace: grace, actor: .cli) }
        }
        #expect(try store.client(id: id).secrets.count == 1)
        #expect(throws: StoreError.self) { try self.store.purgeTokens(retention: Int.max, actor: .cli) }
    }

    @Test func rotatingADisabledClientIsRefused() throws {
        let id = try register().client.id
        _ = try store.setStatus(clientId: id, .disabled, actor: .cli)
        #expect(throws: StoreError.self) { try self.store.rotateSecret(clientId: id, grace: 0, actor: .cli) }
        #expect(try store.client(id: id).secrets.count == 1)
    }

    @Test func expiresOneSecretByPrefix() throws {
        let first = try register()
        let second = try store.rotateSecret(clientId: first.client.id, grace: 3600, actor: .cli)
        let left = try store.expireSecret(clientId: first.client.id, displayPrefix: first.secret.displayPrefix, actor: .cli)
        #expect(left.secrets.count == 1)
        #expect(left.secrets[0].secretHash.matches(second.secret.plaintext))
        #expect(throws: StoreError.self) {
            try self.store.expireSecret(clientId: first.client.id, displayPrefix: first.secret.displayPrefix, actor: .cli)
        }
    }

    @Test func disablingCanRevokeLiveTokens() throws {
        let id = try register().client.id
        try TokenInserter(store: store).insert([TokenFixtures.token(clientId: id), TokenFixtures.token(clientId: id)])
        let result = try store.setStatus(clientId: id, .disabled, revokeTokens: true, actor: .cli)
        #expect(result.revoked == 2)
        #expect(result.client.client.status == .disabled)
        #expect(result.client.liveTokens == 0)
        _ = try store.setStatus(clientId: id, .active, actor: .cli)
        #expect(try store.client(id: id).client.status == .active)
    }

    @Test func deletingRemovesTheClientAndRevokesItsTokens() throws {
        let id = try register().client.id
        let token = TokenFixtures.token(clientId: id)
        try TokenInserter(store: store).insert([token])
        #expect(try store.deleteClient(id: id, actor: .cli) == 1)
        #expect(throws: StoreError.self) { try self.store.client(id: id) }
        #expect(try store.token(jti: token.jti)?.revokedReason == "client deleted")
        let secretRows = try store.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM client_secret") }
        #expect(secretRows == 0)
    }

    @Test func everyActionIsAuditedWithoutTheSecret() throws {
        let registration = try register()
        let rotated = try store.rotateSecret(clientId: registration.client.id, grace: 60, actor: .console)
        _ = try store.setStatus(clientId: registration.client.id, .disabled, actor: .cli)
        _ = try store.deleteClient(id: registration.client.id, actor: .cli)
        let events = try store.listAudit(limit: 100)
        #expect(events.map(\.action).reversed().filter { $0.hasPrefix("client.") }
                == ["client.register", "client.rotate_secret", "client.disable", "client.delete"])
        #expect(events.contains { $0.actor == .console })
        for event in events {
            #expect(!event.details.contains(registration.secret.plaintext))
            #expect(!event.details.contains(rotated.secret.plaintext))
        }
    }
}

enum TokenFixtures {
    static func token(clientId: String, issuedAt: EpochSeconds = Clock.now(), ttl: EpochSeconds = 3600,
                      format: TokenFormat = .jwt) -> TokenRecord {
        TokenRecord(jti: TokenRecord.makeJTI(at: Date(timeIntervalSince1970: TimeInterval(issuedAt))), clientId: clientId, scope: "read", audience: "https://api.example.com",
                    format: format, issuedAt: issuedAt, expiresAt: issuedAt + ttl, keyId: "kid")
    }
}
