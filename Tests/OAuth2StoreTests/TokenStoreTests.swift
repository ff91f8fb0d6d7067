import Foundation
import Testing
@testable import OAuth2Core
@testable import OAuth2Store

@Suite struct TokenStoreTests {
    let temporary: TemporaryStore
    var store: SQLiteStore { temporary.store }

    init() throws { temporary = try TemporaryStore() }

    @Test func listsByClientAndState() throws {
        let now = Clock.now()
        let live = TokenFixtures.token(clientId: "a")
        let expired = TokenFixtures.token(clientId: "a", issuedAt: now - 7200)
        let other = TokenFixtures.token(clientId: "b")
        try TokenInserter(store: store).insert([live, expired, other])
        #expect(try store.listTokens(TokenQuery()).count == 3)
        #expect(Set(try store.listTokens(TokenQuery(clientId: "a")).map(\.jti)) == [live.jti, expired.jti])
        #expect(try store.listTokens(TokenQuery(state: .expired)).map(\.jti) == [expired.jti])
        #expect(try store.listTokens(TokenQuery(clientId: "a", state: .active)).map(\.jti) == [live.jti])
        #expect(try store.listTokens(TokenQuery(limit: 1)).count == 1)
        #expect(try store.liveTokenCount() == 2)
    }

    /// Newest first, whatever order the rows were written in, and whatever their jti: tokens
    /// issued before v2 carry random ones, which sort above every newer jti.
    @Test func listsNewestFirst() throws {
        let now = Clock.now()
        var tokens = (0..<5).map { TokenFixtures.token(clientId: "a", issuedAt: now - 60 * EpochSeconds($0)) }
        tokens[4].jti = "zz" + Base64URL.encode(RandomBytes.make(count: 15))
        try TokenInserter(store: store).insert(tokens.shuffled())
        #expect(try store.listTokens(TokenQuery()).map(\.jti) == tokens.map(\.jti))
        #expect(try store.listTokens(TokenQuery(clientId: "a", limit: 2)).map(\.jti) == tokens.prefix(2).map(\.jti))
    }

    @Test func countsLiveTokensAcrossClients() throws {
        let now = Clock.now()
        let revoked = TokenFixtures.token(clientId: "c")
        try TokenInserter(store: store).insert([
            TokenFixtures.token(clientId: "a"), TokenFixtures.token(clientId: "a"), TokenFixtures.token(clientId: "b"),
            TokenFixtures.token(clientId: "b", issuedAt: now - 7200), revoked, TokenFixtures.token(clientId: "d", issuedAt: now - 7200),
        ])
        try store.revokeToken(jti: revoked.jti, reason: "test", actor: .cli)
        #expect(try store.liveTokenCount() == 3)
    }

    @Test func revokesOneTokenOnceAndAuditsIt() throws {
        let token = TokenFixtures.token(clientId: "a")
        try TokenInserter(store: store).insert([token])
        #expect(try store.revokeToken(jti: token.jti, reason: "leaked", actor: .cli))
        #expect(try !store.revokeToken(jti: token.jti, reason: "again", actor: .cli))
        let stored = try store.token(jti: token.jti)
        #expect(stored?.state(at: Clock.now()) == .revoked)
        #expect(stored?.revokedReason == "leaked")
        #expect(try temporary.auditActions() == ["token.revoke"])
        #expect(throws: StoreError.self) { try self.store.revokeToken(jti: "nope", reason: "", actor: .cli) }
    }

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

    /// Another process is another connection: a second `SQLiteStore` on the same file stands in.
    @Test func theClientGenerationMovesWithEveryClientChangeFromAnyConnectionAndNotWithTokens() throws {
        let reader = try SQLiteRequestReader(store: store)
        let other = try temporary.reopen()
        var seen = try reader.clientGeneration()
        func moved() throws -> Bool {
            let now = try reader.clientGeneration()
            defer { seen = now }
            return now != seen
        }
        _ = try other.addScope(name: "read", actor: .cli)
        #expect(try moved())
        let registration = try other.registerClient(ClientSpec(name: "svc", scopes: ["read"], audiences: ["https://api.example.com"]), actor: .cli)
        #expect(try moved())
        try TokenInserter(store: other).insert([TokenFixtures.token(clientId: registration.client.id)])
        #expect(try !moved())
        _ = try other.rotateSecret(clientId: registration.client.id, grace: 60, actor: .cli)
        #expect(try moved())
        _ = try other.setStatus(clientId: registration.client.id, .disabled, actor: .cli)
        #expect(try moved())
        _ = try other.deleteScope(name: "read", force: true, actor: .cli)
        #expect(try moved())
        _ = try other.deleteClient(id: registration.client.id, actor: .cli)
        #expect(try moved())
    }

    @Test func purgesOnlyRowsPastRetentionInBatches() throws {
        let now = Clock.now()
        let old = (0..<25).map { _ in TokenFixtures.token(clientId: "a", issuedAt: now - 10 * 86_400) }
        let recent = TokenFixtures.token(clientId: "a", issuedAt: now - 7200)
        let live = TokenFixtures.token(clientId: "a")
        try TokenInserter(store: store).insert(old + [recent, live])
        #expect(try store.purgeTokens(retention: 86_400, batchSize: 10, actor: .cli) == 25)
        #expect(Set(try store.listTokens(TokenQuery()).map(\.jti)) == [recent.jti, live.jti])
    }

    @Test func keyRotationRetiresThePreviousKeyOnceItsTokensExpire() throws {
        let first = SigningKeyRecord(kid: "k1", alg: "ES256", privateKey: "pem", state: .active, createdAt: Clock.now())
        let second = SigningKeyRecord(kid: "k2", alg: "ES256", privateKey: "pem", state: .active, createdAt: Clock.now())
        try store.activate(first, actor: .cli)
        #expect(try store.activate(second, onlyIfNone: true, actor: .cli).kid == "k1")
        var token = TokenFixtures.token(clientId: "a")
        token.keyId = "k1"
        try TokenInserter(store: store).insert([token])
        try store.activate(second, actor: .cli)
        #expect(try store.activeKey()?.kid == "k2")
        #expect(Set(try store.publishedKeys().map(\.kid)) == ["k1", "k2"])
        #expect(try store.retireDrainedKeys() == [])
        _ = try store.revokeToken(jti: token.jti, reason: "x", actor: .cli)
        try store.pool.write { try $0.execute(sql: "UPDATE token SET expires_at = 0") }
        #expect(try store.retireDrainedKeys() == ["k1"])
        #expect(try store.publishedKeys().map(\.kid) == ["k2"])
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
        #expect(largest * 4 < unboundedSize, "the WAL reached \(largest) bytes; unchecked, \(unboundedSize)")
    }

    private func walSize(_ temporary: TemporaryStore) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: temporary.path + "-wal")[.size] as? Int ?? 0
    }
}
