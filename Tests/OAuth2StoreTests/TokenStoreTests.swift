import Foundation
import Testing
@testable import OAuth2Core
@testable import OAuth2Store

@Suite struct TokenStoreTests {
    @Test(arguments: Backend.allCases)
    func listsByClientAndState(_ backend: Backend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let now = Clock.system.now()
            let live = TokenFixtures.token(clientId: "a")
            let expired = TokenFixtures.token(clientId: "a", issuedAt: now - 7200)
            let other = TokenFixtures.token(clientId: "b")
            try fixture.insert([live, expired, other])
            #expect(try store.listTokens(TokenQuery()).count == 3)
            #expect(Set(try store.listTokens(TokenQuery(clientId: "a")).map(\.jti)) == [live.jti, expired.jti])
            #expect(try store.listTokens(TokenQuery(state: .expired)).map(\.jti) == [expired.jti])
            #expect(try store.listTokens(TokenQuery(clientId: "a", state: .active)).map(\.jti) == [live.jti])
            #expect(try store.listTokens(TokenQuery(limit: 1)).count == 1)
            #expect(try store.liveTokenCount() == 2)
            #expect(try store.countTokens(TokenQuery(), upTo: 2) == 2)
            #expect(try store.countTokens(TokenQuery(clientId: "a"), upTo: 10) == 2)
            let matching = TokenQuery(matching: TokenMatch(clientIds: ["b"], jtiContains: String(expired.jti.suffix(8))))
            #expect(Set(try store.listTokens(matching).map(\.jti)) == [expired.jti, other.jti])
            #expect(try store.token(jti: live.jti) == live)
            #expect(try store.token(jti: "unknown") == nil)
        }
    }

    /// Newest first, whatever order the rows were written in, and whatever their jti: tokens
    /// issued before v2 carry random ones, which sort above every newer jti.
    @Test(arguments: Backend.allCases)
    func listsNewestFirst(_ backend: Backend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let now = Clock.system.now()
            var tokens = (0..<5).map { TokenFixtures.token(clientId: "a", issuedAt: now - 60 * EpochSeconds($0)) }
            tokens[4].jti = "zz" + Base64URL.encode(RandomBytes.make(count: 15))
            try fixture.insert(tokens.shuffled())
            #expect(try store.listTokens(TokenQuery()).map(\.jti) == tokens.map(\.jti))
            #expect(try store.listTokens(TokenQuery(clientId: "a", limit: 2)).map(\.jti) == tokens.prefix(2).map(\.jti))
            #expect(try store.listTokens(TokenQuery(limit: 2, offset: 2)).map(\.jti) == tokens[2..<4].map(\.jti))
        }
    }

    @Test(arguments: Backend.allCases)
    func followsArrivalsByJTIRange(_ backend: Backend) async throws {
        try await backend.withStore { fixture in
            let now = Clock.system.now()
            let tokens = (0..<4).map { TokenFixtures.token(clientId: "a", issuedAt: now - 60 * EpochSeconds(3 - $0)) }
            try fixture.insert(tokens.shuffled())
            let arrivals = try fixture.store.tokenArrivals(jtiFrom: tokens[1].jti, below: tokens[3].jti, limit: 10)
            #expect(arrivals.map(\.jti) == [tokens[1].jti, tokens[2].jti])
            #expect(try fixture.store.tokenArrivals(jtiFrom: "", below: "~", limit: 3).count == 3)
        }
    }

    @Test(arguments: Backend.allCases)
    func countsLiveTokensAcrossClients(_ backend: Backend) async throws {
        try await backend.withStore { fixture in
            let now = Clock.system.now()
            let revoked = TokenFixtures.token(clientId: "c")
            try fixture.insert([
                TokenFixtures.token(clientId: "a"), TokenFixtures.token(clientId: "a"), TokenFixtures.token(clientId: "b"),
                TokenFixtures.token(clientId: "b", issuedAt: now - 7200), revoked, TokenFixtures.token(clientId: "d", issuedAt: now - 7200),
            ])
            _ = try fixture.store.revokeToken(jti: revoked.jti, reason: "test", actor: .cli)
            #expect(try fixture.store.liveTokenCount() == 3)
        }
    }

    @Test(arguments: Backend.allCases)
    func revokesOneTokenOnceAuditsAndPublishesIt(_ backend: Backend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let token = TokenFixtures.token(clientId: "a")
            try fixture.insert([token])
            #expect(try store.revokeToken(jti: token.jti, reason: "leaked", actor: .cli))
            #expect(try !store.revokeToken(jti: token.jti, reason: "again", actor: .cli))
            let stored = try store.token(jti: token.jti)
            #expect(stored?.state(at: Clock.system.now()) == .revoked)
            #expect(stored?.revokedReason == "leaked")
            #expect(try fixture.auditActions() == ["token.revoke"])
            #expect(throws: StoreError.noToken("nope")) { try store.revokeToken(jti: "nope", reason: "", actor: .cli) }
            let entries = try store.revocations(after: 0, limit: 10)
            #expect(entries.map(\.jti) == [token.jti])
            #expect(try store.revocations(after: entries[0].seq, limit: 10).isEmpty)
            #expect(try store.purgeExpiredRevocations(at: token.expiresAt - 1) == 0)
            #expect(try store.purgeExpiredRevocations(at: token.expiresAt) == 1)
        }
    }

    @Test(arguments: Backend.allCases)
    func revokesAClientsLiveTokens(_ backend: Backend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            _ = try store.addScope(name: "read", actor: .cli)
            let id = try store.registerClient(ClientSpec(name: "svc", scopes: ["read"]), actor: .cli).client.id
            try fixture.insert([TokenFixtures.token(clientId: id), TokenFixtures.token(clientId: id),
                                TokenFixtures.token(clientId: id, issuedAt: Clock.system.now() - 7200)])
            #expect(try store.revokeTokens(clientId: id, reason: "rotated", actor: .cli) == 2)
            #expect(try store.listTokens(TokenQuery(clientId: id, state: .revoked)).allSatisfy { $0.revokedReason == "rotated" })
            #expect(try store.revocations(after: 0, limit: 10).map(\.jti) == [nil])
            #expect(throws: StoreError.noClient("nope")) { try store.revokeTokens(clientId: "nope", reason: "", actor: .cli) }
            #expect(try fixture.auditActions().last == "token.revoke_client")
        }
    }

    /// Another process is another connection: a second store on the same data stands in. The
    /// generation is read as authentication reads it, with the client.
    @Test(arguments: Backend.allCases)
    func theClientGenerationMovesWithEveryClientChangeFromAnyConnectionAndNotWithTokens(_ backend: Backend) async throws {
        try await backend.withStore { fixture in
            let other = try fixture.reopen()
            let watch = try GenerationWatch(fixture.store)
            _ = try other.addScope(name: "read", actor: .cli)
            #expect(try watch.moved())
            let registration = try other.registerClient(ClientSpec(name: "svc", scopes: ["read"], audiences: ["https://api.example.com"]), actor: .cli)
            #expect(try watch.moved())
            try fixture.insert([TokenFixtures.token(clientId: registration.client.id)])
            #expect(try !watch.moved())
            _ = try other.rotateSecret(clientId: registration.client.id, grace: 60, actor: .cli)
            #expect(try watch.moved())
            _ = try other.setStatus(clientId: registration.client.id, .disabled, actor: .cli)
            #expect(try watch.moved())
            _ = try other.deleteScope(name: "read", force: true, actor: .cli)
            #expect(try watch.moved())
            _ = try other.deleteClient(id: registration.client.id, actor: .cli)
            #expect(try watch.moved())
        }
    }

    @Test(arguments: Backend.allCases)
    func purgesOnlyRowsPastRetentionInBatches(_ backend: Backend) async throws {
        try await backend.withStore { fixture in
            let now = Clock.system.now()
            let old = (0..<25).map { _ in TokenFixtures.token(clientId: "a", issuedAt: now - 10 * 86_400) }
            let recent = TokenFixtures.token(clientId: "a", issuedAt: now - 7200)
            let live = TokenFixtures.token(clientId: "a")
            try fixture.insert(old + [recent, live])
            #expect(try fixture.store.purgeTokens(retention: 86_400, batchSize: 10, actor: .cli) == 25)
            #expect(Set(try fixture.store.listTokens(TokenQuery()).map(\.jti)) == [recent.jti, live.jti])
            #expect(try fixture.auditActions() == ["token.purge"])
        }
    }

    @Test(arguments: Backend.allCases)
    func keyRotationRetiresThePreviousKeyOnceItsTokensExpire(_ backend: Backend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let first = SigningKeyRecord(kid: "k1", alg: "ES256", privateKey: "pem", state: .active, createdAt: Clock.system.now() - 1)
            let second = SigningKeyRecord(kid: "k2", alg: "ES256", privateKey: "pem", state: .active, createdAt: Clock.system.now())
            try store.activate(first, actor: .cli)
            #expect(try store.activate(second, onlyIfNone: true, actor: .cli).kid == "k1")
            var token = TokenFixtures.token(clientId: "a")
            token.keyId = "k1"
            try fixture.insert([token])
            try store.activate(second, actor: .cli)
            #expect(try store.activeKey()?.kid == "k2")
            #expect(try store.publishedKeys().map(\.kid) == ["k2", "k1"])
            #expect(try store.retireDrainedKeys() == [])
            _ = try store.revokeToken(jti: token.jti, reason: "x", actor: .cli)
            try fixture.execute("UPDATE token SET expires_at = 0")
            #expect(try store.retireDrainedKeys() == ["k1"])
            #expect(try store.publishedKeys().map(\.kid) == ["k2"])
            #expect(try store.listKeys().map(\.state) == [.active, .retired])
            #expect(try fixture.auditActions() == ["key.rotate", "key.rotate", "token.revoke", "key.retire"])
        }
    }

    @Test(arguments: Backend.allCases)
    func serversPublishAndWithdrawTheirPresence(_ backend: Backend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            let now = Clock.system.now()
            let presence = ServerPresence(id: "host:1", url: "http://h:1", pid: 1, startedAt: now - 10, seenAt: now - 1, issued: 5, denied: 0)
            try store.publish(presence)
            try store.publish(ServerPresence(id: "host:2", url: "http://h:2", pid: 2, startedAt: now - 10, seenAt: now, issued: 0, denied: 1))
            var refreshed = presence
            refreshed.issued = 6
            try store.publish(refreshed)
            try store.publish(ServerPresence(id: "gone", url: "http://h:3", pid: 3, startedAt: 0, seenAt: now - 90_000, issued: 0, denied: 0))
            #expect(try store.listPresence(at: now).map(\.id) == ["host:2", "host:1"])
            #expect(try store.listPresence(at: now).last == refreshed)
            try store.withdrawPresence(id: "host:2")
            #expect(try store.listPresence(at: now) == [refreshed])
        }
    }
}

/// The client generation as authentication reads it, and whether it moved since the last look.
private final class GenerationWatch {
    let store: any TestedStore
    var seen: Int64

    init(_ store: any TestedStore) throws {
        self.store = store
        seen = try store.registeredClient(id: "").clientGeneration
    }

    func moved() throws -> Bool {
        let now = try store.registeredClient(id: "").clientGeneration
        defer { seen = now }
        return now != seen
    }
}

/// What only SQLite has: its request reader and the token inserter's generation check.
@Suite struct SQLiteTokenStoreTests {
    let temporary: TemporaryStore
    var store: SQLiteStore { temporary.store }

    init() throws { temporary = try TemporaryStore() }

    @Test func theRequestReaderReadsATokenByJTIWithEveryField() throws {
        var token = TokenFixtures.token(clientId: "a", format: .opaque)
        token.tokenHash = Data([1, 2, 3])
        try TokenInserter(store: store).insert([token])
        _ = try store.revokeToken(jti: token.jti, reason: "leaked", actor: .cli)
        let reader = try SQLiteRequestReader(store: store)
        #expect(try reader.clientGenerationAndToken(jti: token.jti).token == store.token(jti: token.jti))
        #expect(try reader.clientGenerationAndToken(jti: token.jti).token?.revokedReason == "leaked")
        #expect(try reader.clientGenerationAndToken(jti: "unknown").token == nil)
        #expect(try reader.clientGenerationAndToken(jti: "unknown").clientGeneration == reader.clientGeneration())
    }

    @Test func aGroupIssuedUnderAnOlderClientGenerationIsLeftOut() throws {
        let inserter = try TokenInserter(store: store)
        let generation = try SQLiteRequestReader(store: store).clientGeneration()
        let current = TokenFixtures.token(clientId: "a")
        let stale = TokenFixtures.token(clientId: "b")
        #expect(try inserter.insert([TokenGroup(rows: [current], clientGeneration: generation),
                                     TokenGroup(rows: [stale], clientGeneration: generation - 1)]) == generation)
        #expect(try store.listTokens(TokenQuery()).map(\.jti) == [current.jti])
    }
}

@Suite struct TokenWriterTests {
    /// The fuzz harness's mode: the group commits, and its completion runs, before `submit`
    /// returns, on the submitting thread, which a single-threaded server relies on.
    @Test func commitsOnTheCallersThreadBeforeSubmitReturns() throws {
        let temporary = try TemporaryStore()
        let writer = try TokenWriter(store: temporary.store, commitsOnCallersThread: true)
        let token = TokenFixtures.token(clientId: "a")
        // Set by the completion, on this thread if the writer does what is tested.
        nonisolated(unsafe) var outcome: CommitOutcome?
        nonisolated(unsafe) var onCallersThread = false
        let caller = pthread_self()
        writer.submit(TokenGroup(rows: [token], clientGeneration: nil)) { result in
            outcome = try? result.get()
            onCallersThread = pthread_equal(pthread_self(), caller) != 0
        }
        #expect(outcome == .committed)
        #expect(onCallersThread)
        #expect(try temporary.store.token(jti: token.jti) != nil)
        writer.drainAndStop()
    }

    /// Under steady commits a passive checkpoint never lets the WAL start over; the writer
    /// must make it, or the file grows with every commit. Measured against the same commits
    /// made with no checkpoints at all.
    @Test func theWALStaysBoundedUnderSteadyCommits() throws {
        let commits = 400
        let batches = (0..<commits).map { batch in
            (0..<20).map { row in
                var token = TokenFixtures.token(clientId: "a")
                token.jti = String(format: "%012d", batch * 20 + row)  // in issue order, as the server's are
                return token
            }
        }

        let unchecked = try TemporaryStore()
        let inserter = try TokenInserter(store: unchecked.store, walLimitBytes: 64 * 4096)
        for rows in batches { try inserter.insert(rows) }
        let unboundedSize = try walSize(unchecked)

        let temporary = try TemporaryStore()
        let writer = try TokenWriter(committer: SQLiteTokenCommitter(store: temporary.store, walLimitBytes: 64 * 4096, checkpointEvery: .milliseconds(10)))
        var largest = 0
        for rows in batches {
            let done = DispatchSemaphore(value: 0)
            writer.submit(TokenGroup(rows: rows, clientGeneration: nil)) { _ in done.signal() }
            try #require(done.wait(timeout: .now() + 30) == .success, "the writer answers each group")
            largest = max(largest, try walSize(temporary))
        }
        writer.drainAndStop()
        #expect(try temporary.store.liveTokenCount() == commits * 20)
        // Without the writer's rewind the WAL grows as the unchecked one does; with it, it stays
        // near its limit, further above it only while a busy machine delays the rewinds.
        #expect(largest * 2 < unboundedSize, "the WAL reached \(largest) bytes; unchecked, \(unboundedSize)")
    }

    private func walSize(_ temporary: TemporaryStore) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: temporary.path + "-wal")[.size] as? Int ?? 0
    }
}
