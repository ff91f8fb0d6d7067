import Foundation
import OAuth2Postgres
import PostgresTestSupport
import Testing
@testable import OAuth2Store

/// What PostgreSQL adds to the behaviour both backends share: several servers on one
/// database, each with a `PostgresStore` of its own.
@Suite struct PostgresStoreTests {
    /// Runs `body` with `count` stores on one fresh database, as `count` servers would have.
    func withServers(_ count: Int, _ body: ([PostgresStore]) throws -> Void) async throws {
        try await TestPostgres.withFreshDatabase { url in
            var stores: [PostgresStore] = []
            defer { for store in stores { store.close() } }
            for _ in 0..<count { stores.append(try PostgresStore(url: url)) }
            try body(stores)
        }
    }

    @Test func aClientDisabledThroughOneServerIsDisabledThroughTheOther() async throws {
        try await withServers(2) { servers in
            let (admin, other) = (servers[0], servers[1])
            _ = try admin.addScope(name: "read", actor: .cli)
            let id = try admin.registerClient(ClientSpec(name: "svc", scopes: ["read"]), actor: .cli).client.id
            let before = try other.registeredClient(id: id)
            #expect(before.client?.status == .active)
            _ = try admin.setStatus(clientId: id, .disabled, actor: .console)
            let after = try other.registeredClient(id: id)
            #expect(after.client?.status == .disabled)
            #expect(after.clientGeneration > before.clientGeneration)
            #expect(try other.client(id: id).client.status == .disabled)
            #expect(try other.listAudit(limit: 1).first?.action == "client.disable")
        }
    }

    /// Servers starting together on an empty database each make a key and activate it only if
    /// there is none: one wins, and every server signs with the winner.
    @Test func concurrentFirstActivationsLeaveExactlyOneActiveKey() async throws {
        try await withServers(4) { servers in
            let attempts = 8
            let kids = try Self.race(attempts, on: servers) { server, attempt in
                try server.activate(Self.key(attempt), onlyIfNone: true, actor: .server).kid
            }
            #expect(kids.count == attempts)
            #expect(Set(kids).count == 1)
            let keys = try servers[0].listKeys()
            #expect(keys.filter { $0.state == .active }.map(\.kid) == [kids[0]])
            #expect(keys.count == 1)
            #expect(try servers[1].listAudit(limit: 100).filter { $0.action == "key.rotate" }.count == 1)
        }
    }

    /// Admins rotating at once all succeed, one after the other: one key ends active, the
    /// others retiring.
    @Test func concurrentRotationsAllSucceedOneAfterTheOther() async throws {
        try await withServers(4) { servers in
            try servers[0].activate(Self.key(0), actor: .cli)
            let kids = try Self.race(6, on: servers) { server, attempt in
                try server.activate(Self.key(attempt + 1), actor: .cli).kid
            }
            #expect(Set(kids).count == 6)
            let keys = try servers[0].listKeys()
            #expect(keys.filter { $0.state == .active }.count == 1)
            #expect(keys.filter { $0.state == .retiring }.count == 6)
        }
    }

    /// Revoking a client's tokens while its tokens are revoked one by one through other
    /// servers: every revocation commits, none deadlocks on the feed's turn.
    @Test func revocationsOfAClientAndOfItsTokensAtOnceAllCommit() async throws {
        try await TestPostgres.withFreshDatabase { url in
            let fixture = try PostgresBackendStore(url: url)
            defer { fixture.close() }
            let servers = try fixture.servers(4)
            _ = try fixture.store.addScope(name: "read", actor: .cli)
            for round in 0..<5 {
                let id = try fixture.store.registerClient(ClientSpec(name: "svc\(round)", scopes: ["read"]), actor: .cli).client.id
                let tokens = (0..<40).map { _ in TokenFixtures.token(clientId: id) }
                try fixture.insert(tokens)
                let outcomes = try Self.race(4, on: servers) { server, attempt in
                    if attempt == 0 { return "\(try server.revokeTokens(clientId: id, reason: "all", actor: .cli))" }
                    for token in tokens.reversed() { _ = try server.revokeToken(jti: token.jti, reason: "one", actor: .cli) }
                    return ""
                }
                #expect(outcomes.count == 4)
                #expect(try fixture.store.liveTokenCount() == 0)
            }
        }
    }

    /// Admins on several servers registering one name at once: one client is registered,
    /// the others are told the name is taken.
    @Test func registeringOneNameAtOnceRegistersOneClient() async throws {
        try await withServers(4) { servers in
            _ = try servers[0].addScope(name: "read", actor: .cli)
            let outcomes = try Self.race(6, on: servers) { server, _ in
                do {
                    return try server.registerClient(ClientSpec(name: "svc", scopes: ["read"]), actor: .cli).client.id
                } catch let error as StoreError {
                    return "\(error)"
                }
            }
            #expect(outcomes.filter { $0 == "\(StoreError.clientNameTaken("svc"))" }.count == 5)
            #expect(try servers[1].listClients().count == 1)
        }
    }

    /// Changes to different clients at once, each taking locks of several kinds (the client,
    /// the generation, tokens, the feed): all commit.
    @Test func adminsChangingClientsAtOnceAllCommit() async throws {
        try await TestPostgres.withFreshDatabase { url in
            let fixture = try PostgresBackendStore(url: url)
            defer { fixture.close() }
            let servers = try fixture.servers(4)
            _ = try fixture.store.addScope(name: "read", actor: .cli)
            for round in 0..<5 {
                let ids = try (0..<4).map { try fixture.store.registerClient(ClientSpec(name: "svc\(round)-\($0)", scopes: ["read"]), actor: .cli).client.id }
                try fixture.insert(ids.flatMap { id in (0..<10).map { _ in TokenFixtures.token(clientId: id) } })
                let outcomes = try Self.race(4, on: servers) { server, attempt in
                    switch attempt {
                    case 0: return "\(try server.deleteClient(id: ids[0], actor: .cli))"
                    case 1: return "\(try server.setStatus(clientId: ids[1], .disabled, actor: .cli).revoked)"
                    case 2: return "\(try server.setStatus(clientId: ids[2], .disabled, revokeTokens: true, actor: .cli).revoked)"
                    default: return "\(try server.revokeTokens(clientId: ids[3], reason: "all", actor: .cli))"
                    }
                }
                #expect(outcomes == ["10", "0", "10", "10"])
            }
        }
    }

    static func key(_ number: Int) -> SigningKeyRecord {
        SigningKeyRecord(kid: "k\(number)", alg: "ES256", privateKey: "pem\(number)", state: .active, createdAt: Clock.system.now())
    }

    /// Runs `attempts` calls of `body` at once, each on a thread of its own and a server in
    /// turn, released together; their results in the attempts' order, or the first error.
    static func race(_ attempts: Int, on servers: [PostgresStore],
                     _ body: @escaping @Sendable (PostgresStore, Int) throws -> String) throws -> [String] {
        let start = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        let results = Results()
        for attempt in 0..<attempts {
            let server = servers[attempt % servers.count]
            done.enter()
            Thread {
                start.wait()
                results.set(attempt, Result { try body(server, attempt) })
                done.leave()
            }.start()
        }
        for _ in 0..<attempts { start.signal() }
        done.wait()
        return try results.inOrder.map { try $0.get() }
    }

    @Test func theChangeMarkAndDataVersionMoveWithACommit() async throws {
        try await withServers(2) { servers in
            let (watcher, writer) = (servers[0], servers[1])
            let mark = try watcher.changeMark()
            let version = try watcher.dataVersion()
            _ = try writer.addScope(name: "read", actor: .cli)
            #expect(try watcher.dataVersion() != version)
            #expect(try watcher.changeMark() != mark)
            try writer.publish(ServerPresence(id: "h", url: "u", pid: 1, startedAt: 0, seenAt: Clock.system.now(), issued: 0, denied: 0))
            let afterPresence = try watcher.changeMark()
            _ = try writer.listClients()
            #expect(try watcher.changeMark() == afterPresence)
        }
    }
}

/// The outcomes of the threads racing above, by attempt.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Int: Result<String, any Error>] = [:]

    func set(_ attempt: Int, _ result: Result<String, any Error>) {
        lock.withLock { results[attempt] = result }
    }

    var inOrder: [Result<String, any Error>] { lock.withLock { results.sorted { $0.key < $1.key }.map(\.value) } }
}
