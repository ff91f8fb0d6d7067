import Foundation
import Testing
import TestSupport
@testable import OAuth2Core
@testable import OAuth2Store

@Suite struct ClientStoreTests {
    /// A fresh store of `backend` with the scopes `read` and `write`.
    func withStore(_ backend: Backend, clock: Clock = .system, _ body: (any BackendStore) throws -> Void) async throws {
        try await backend.withStore(clock: clock) { fixture in
            _ = try fixture.store.addScope(name: "read", actor: .cli)
            _ = try fixture.store.addScope(name: "write", actor: .cli)
            try body(fixture)
        }
    }

    func register(_ store: any TestedStore, _ name: String = "svc", scopes: [String] = ["read"]) throws -> Registration {
        try store.registerClient(ClientSpec(name: name, scopes: scopes, audiences: ["https://api.example.com"]), actor: .cli)
    }

    @Test(arguments: Backend.allCases)
    func registersAClientWithAVerifiableSecret(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            let registration = try register(store)
            let details = try store.client(id: registration.client.id)
            #expect(details == registration.client)
            #expect(details.client.name == "svc")
            #expect(details.client.status == .active)
            #expect(details.scopes == ["read"])
            #expect(details.audiences == ["https://api.example.com"])
            #expect(details.secrets.count == 1)
            #expect(details.secrets[0].secretHash.matches(registration.secret.plaintext))
            #expect(details.secrets[0].displayPrefix == registration.secret.displayPrefix)
            let registered = try store.registeredClient(id: registration.client.id).client
            #expect(registered?.allowedScopes == ["read"])
            #expect(registered?.secrets.map(\.hash) == [details.secrets[0].secretHash])
            #expect(try store.registeredClient(id: "unknown").client == nil)
        }
    }

    @Test(arguments: Backend.allCases)
    func refusesUnknownScopesDuplicatesAndBadFieldsChangingNothing(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            _ = try register(store)
            #expect(throws: StoreError.unknownScopes(["nope"])) { try self.register(store, "other", scopes: ["nope"]) }
            #expect(throws: StoreError.clientNameTaken("svc")) { try self.register(store, "svc") }
            #expect(throws: StoreError.self) { try store.registerClient(ClientSpec(name: " ", scopes: []), actor: .cli) }
            #expect(throws: StoreError.self) { try store.registerClient(ClientSpec(name: "x", scopes: [], tokenTtl: 0), actor: .cli) }
            #expect(throws: StoreError.self) { try store.registerClient(ClientSpec(name: "x", scopes: [], audiences: ["relative"]), actor: .cli) }
            #expect(try store.listClients().count == 1)
            #expect(try fixture.auditActions().filter { $0.hasPrefix("client.") } == ["client.register"])
        }
    }

    @Test(arguments: Backend.allCases)
    func updatesOnlyTheGivenFields(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            let id = try register(store).client.id
            let updated = try store.updateClient(id: id, ClientChanges(scopes: ["read", "write"], tokenTtl: 600, canIntrospect: true), actor: .cli)
            #expect(updated.scopes == ["read", "write"])
            #expect(updated.client.tokenTtl == 600)
            #expect(updated.client.canIntrospect)
            #expect(updated.client.name == "svc")
            #expect(updated.audiences == ["https://api.example.com"])
            #expect(throws: StoreError.nothingToUpdate) { try store.updateClient(id: id, ClientChanges(), actor: .cli) }
            #expect(throws: StoreError.noClient("unknown")) { try store.updateClient(id: "unknown", ClientChanges(name: "x"), actor: .cli) }
            _ = try register(store, "other")
            #expect(throws: StoreError.clientNameTaken("other")) { try store.updateClient(id: id, ClientChanges(name: "other"), actor: .cli) }
        }
    }

    @Test(arguments: Backend.allCases)
    func listsClientsByNameWithTheirDetails(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            let b = try register(store, "b", scopes: ["write", "read"])
            let a = try register(store, "a")
            try fixture.insert([TokenFixtures.token(clientId: b.client.id)])
            let listed = try store.listClients()
            #expect(listed.map(\.client.name) == ["a", "b"])
            #expect(listed[1].scopes == ["read", "write"])
            #expect(listed[1].liveTokens == 1)
            #expect(listed[0] == a.client)
        }
    }

    @Test(arguments: Backend.allCases)
    func rotationKeepsTheOldSecretForTheGrace(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            let first = try register(store)
            let second = try store.rotateSecret(clientId: first.client.id, grace: 3600, actor: .cli)
            let secrets = try store.client(id: first.client.id).secrets
            #expect(secrets.count == 2)
            #expect(secrets.contains { $0.secretHash.matches(first.secret.plaintext) && $0.expiresAt != nil })
            #expect(secrets.contains { $0.secretHash.matches(second.secret.plaintext) && $0.expiresAt == nil })
        }
    }

    @Test(arguments: Backend.allCases)
    func rotationWithoutGraceEndsTheOldSecretAtOnce(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            let first = try register(store)
            let second = try store.rotateSecret(clientId: first.client.id, grace: 0, actor: .cli)
            let secrets = try store.client(id: first.client.id).secrets
            #expect(secrets.count == 1)
            #expect(secrets[0].secretHash.matches(second.secret.plaintext))
        }
    }

    @Test(arguments: Backend.allCases)
    func theGraceEndsByItself(_ backend: Backend) async throws {
        let clock = ManualClock()
        try await withStore(backend, clock: clock.epochClock) { fixture in
            let store = fixture.store
            let first = try register(store)
            _ = try store.rotateSecret(clientId: first.client.id, grace: 1, actor: .cli)
            #expect(try store.client(id: first.client.id).secrets.count == 2)
            clock.advance(by: .seconds(2))
            #expect(try store.client(id: first.client.id).secrets.count == 1)
        }
    }

    @Test(arguments: Backend.allCases)
    func neverMoreThanTwoLiveSecrets(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            let first = try register(store)
            var latest = first.secret
            for _ in 0..<3 { latest = try store.rotateSecret(clientId: first.client.id, grace: 3600, actor: .cli).secret }
            let secrets = try store.client(id: first.client.id).secrets
            #expect(secrets.count == 2)
            #expect(secrets.contains { $0.secretHash.matches(latest.plaintext) })
            #expect(!secrets.contains { $0.secretHash.matches(first.secret.plaintext) })
        }
    }

    /// A grace past `DurationRange.secretGrace` overflowed the expiry's arithmetic and trapped.
    @Test(arguments: Backend.allCases)
    func aGraceOutOfRangeIsRefusedAndChangesNothing(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            let id = try register(store).client.id
            for grace in [-1, 365 * 86_400 + 1, Int.max] {
                #expect(throws: StoreError.self) { try store.rotateSecret(clientId: id, grace: grace, actor: .cli) }
            }
            #expect(try store.client(id: id).secrets.count == 1)
            #expect(throws: StoreError.self) { try store.purgeTokens(retention: Int.max, actor: .cli) }
        }
    }

    @Test(arguments: Backend.allCases)
    func rotatingADisabledClientIsRefused(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            let id = try register(store).client.id
            _ = try store.setStatus(clientId: id, .disabled, actor: .cli)
            #expect(throws: StoreError.rotatingDisabled(id)) { try store.rotateSecret(clientId: id, grace: 0, actor: .cli) }
            #expect(try store.client(id: id).secrets.count == 1)
        }
    }

    @Test(arguments: Backend.allCases)
    func expiresOneSecretByPrefix(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            let first = try register(store)
            let second = try store.rotateSecret(clientId: first.client.id, grace: 3600, actor: .cli)
            let left = try store.expireSecret(clientId: first.client.id, displayPrefix: first.secret.displayPrefix, actor: .cli)
            #expect(left.secrets.count == 1)
            #expect(left.secrets[0].secretHash.matches(second.secret.plaintext))
            #expect(throws: StoreError.self) {
                try store.expireSecret(clientId: first.client.id, displayPrefix: first.secret.displayPrefix, actor: .cli)
            }
        }
    }

    @Test(arguments: Backend.allCases)
    func disablingCanRevokeLiveTokens(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            let id = try register(store).client.id
            try fixture.insert([TokenFixtures.token(clientId: id), TokenFixtures.token(clientId: id)])
            let result = try store.setStatus(clientId: id, .disabled, revokeTokens: true, actor: .cli)
            #expect(result.revoked == 2)
            #expect(result.client.client.status == .disabled)
            #expect(result.client.liveTokens == 0)
            _ = try store.setStatus(clientId: id, .active, actor: .cli)
            #expect(try store.client(id: id).client.status == .active)
        }
    }

    /// Disabling without revoking publishes a client-wide entry, so resource servers that
    /// verify locally stop the client's tokens too; authentication reads it with the client.
    @Test(arguments: Backend.allCases)
    func disablingPublishesAClientWideRevocation(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            let id = try register(store).client.id
            let token = TokenFixtures.token(clientId: id)
            try fixture.insert([token])
            _ = try store.setStatus(clientId: id, .disabled, actor: .cli)
            let entries = try store.revocations(after: 0, limit: 10)
            #expect(entries.count == 1)
            #expect(entries.first?.clientId == id)
            #expect(entries.first?.jti == nil)
            #expect(entries.first?.expiresAt == token.expiresAt)
            #expect(try store.registeredClient(id: id).client?.tokensRevokedThrough == entries.first?.issuedThrough)
        }
    }

    @Test(arguments: Backend.allCases)
    func deletingRemovesTheClientAndRevokesItsTokens(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            let id = try register(store).client.id
            let token = TokenFixtures.token(clientId: id)
            try fixture.insert([token])
            #expect(try store.deleteClient(id: id, actor: .cli) == 1)
            #expect(throws: StoreError.noClient(id)) { try store.client(id: id) }
            #expect(try store.token(jti: token.jti)?.revokedReason == "client deleted")
            #expect(try fixture.rowCount("client_secret") == 0)
            #expect(try fixture.rowCount("client_scope") == 0)
        }
    }

    @Test(arguments: Backend.allCases)
    func everyActionIsAuditedWithoutTheSecret(_ backend: Backend) async throws {
        try await withStore(backend) { fixture in
            let store = fixture.store
            let registration = try register(store)
            let rotated = try store.rotateSecret(clientId: registration.client.id, grace: 60, actor: .console)
            _ = try store.setStatus(clientId: registration.client.id, .disabled, actor: .cli)
            _ = try store.deleteClient(id: registration.client.id, actor: .cli)
            let events = try store.listAudit(limit: 100)
            #expect(events.map(\.action).reversed().filter { $0.hasPrefix("client.") }
                    == ["client.register", "client.rotate_secret", "client.disable", "client.delete"])
            #expect(events.contains { $0.actor == .console })
            #expect(events.first { $0.action == "client.register" }?.details.contains("\"name\":\"svc\"") == true)
            for event in events {
                #expect(!event.details.contains(registration.secret.plaintext))
                #expect(!event.details.contains(rotated.secret.plaintext))
            }
            #expect(try store.listAudit(afterId: events[1].id ?? 0, limit: 10).map(\.id) == [events[0].id])
        }
    }
}

enum TokenFixtures {
    static func token(clientId: String, issuedAt: EpochSeconds = Clock.system.now(), ttl: EpochSeconds = 3600,
                      format: TokenFormat = .jwt) -> TokenRecord {
        TokenRecord(jti: TokenRecord.makeJTI(at: Date(timeIntervalSince1970: TimeInterval(issuedAt))), clientId: clientId, scope: "read", audience: "https://api.example.com",
                    format: format, issuedAt: issuedAt, expiresAt: issuedAt + ttl, keyId: "kid")
    }
}
