import Foundation
import NIOConcurrencyHelpers
import OAuth2Core
@testable import OAuth2Postgres
import OAuth2Store
import PostgresTestSupport
import Testing
import TestSupport

/// The group commit and the request path's reads on PostgreSQL.
@Suite(.timeLimit(.minutes(3))) struct PostgresGroupCommitTests {
    static func token(format: TokenFormat = .jwt, now: EpochSeconds = Clock.system.now()) -> TokenRecord {
        TokenRecord(jti: TokenRecord.makeJTI(), clientId: "shop", scope: "orders:read", audience: "https://api.example",
                    format: format, issuedAt: now, expiresAt: now + 600, keyId: format == .jwt ? "kid-1" : nil,
                    tokenHash: Data((0..<32).map { UInt8($0) }))
    }

    /// One statement records a batch's rows as they were given; the reader finds them,
    /// nullable columns included.
    @Test func aBatchIsRecordedAndReadBack() async throws {
        try await TestPostgres.withFreshDatabase { url in
            let store = try PostgresStore(url: url)
            defer { store.close() }
            let rows = [Self.token(), Self.token(format: .opaque)]
            let generation = try store.makeTokenCommitter(walLimitBytes: 0).commit([TokenGroup(rows: rows, clientGeneration: nil)])
            #expect(generation == 0)
            let reader = try store.makeRequestReader()
            for row in rows {
                let (readGeneration, read) = try reader.clientGenerationAndToken(jti: row.jti)
                #expect(readGeneration == 0)
                #expect(read == row)
            }
            #expect(try reader.clientGenerationAndToken(jti: "unknown").token == nil)
        }
    }

    /// The token writer's connection commits as durably as asked (`serve --durability`),
    /// and as the database is set to when not asked.
    @Test(arguments: [(Durability?.none, "local"), (.normal, "off"), (.full, "on")])
    func commitsAreAsDurableAsAsked(_ durability: Durability?, _ synchronousCommit: String) async throws {
        try await TestPostgres.withFreshDatabase { url in
            try await TestPostgres.execute("ALTER DATABASE \(url.database) SET synchronous_commit = local", on: url)
            let store = try PostgresStore(url: url, tokenDurability: durability)
            defer { store.close() }
            let committer = try #require(try store.makeTokenCommitter(walLimitBytes: 0) as? PostgresTokenCommitter)
            _ = try committer.commit([TokenGroup(rows: [Self.token()], clientGeneration: nil)])
            #expect(try committer.setting("synchronous_commit") == synchronousCommit)
        }
    }

    /// A group authenticated under a generation that has moved is left out; the others in
    /// the batch are recorded, and the commit says which generation is current.
    @Test func aGroupUnderAnOldGenerationIsLeftOut() async throws {
        try await TestPostgres.withFreshDatabase { url in
            let store = try PostgresStore(url: url)
            defer { store.close() }
            try await TestPostgres.execute("UPDATE client_generation SET value = 5", on: url)
            let stale = Self.token(), current = Self.token(), unchecked = Self.token()
            let generation = try store.makeTokenCommitter(walLimitBytes: 0).commit([
                TokenGroup(rows: [stale], clientGeneration: 4), TokenGroup(rows: [current], clientGeneration: 5),
                TokenGroup(rows: [unchecked], clientGeneration: nil),
            ])
            #expect(generation == 5)
            let recorded = try await TestPostgres.values("SELECT jti FROM token ORDER BY jti", as: String.self, in: url)
            #expect(Set(recorded) == [current.jti, unchecked.jti])
        }
    }

    /// A client change in progress holds the generation row: the commit waits for it and then
    /// sees the new generation, so no token is recorded under the generation it replaced.
    @Test func aCommitWaitsForAClientChangeInProgress() async throws {
        try await TestPostgres.withFreshDatabase { url in
            let store = try PostgresStore(url: url)
            defer { store.close() }
            nonisolated(unsafe) let committer = try store.makeTokenCommitter(walLimitBytes: 0)
            let row = Self.token()
            let finished = DispatchSemaphore(value: 0)
            let outcome = NIOLockedValueBox<Result<Int64, any Error>?>(nil)
            let waitedForTheChange = try await onThreadOfItsOwn {
                Result {
                    try store.database.transaction { session in
                        try session.execute("UPDATE client_generation SET value = value + 1")
                        // The commit starts while this change is uncommitted.
                        Thread {
                            let result = Result { try committer.commit([TokenGroup(rows: [row], clientGeneration: 0)]) }
                            outcome.withLockedValue { $0 = result }
                            finished.signal()
                        }.start()
                        return finished.wait(timeout: .now() + 0.5) == .timedOut
                    }
                }
            }.get()
            // Signalled already if the commit did not wait.
            if waitedForTheChange { finished.wait() }
            #expect(waitedForTheChange)
            #expect(try outcome.withLockedValue { $0 }?.get() == 1)
            #expect(try await TestPostgres.values("SELECT count(*) FROM token", as: Int.self, in: url) == [0])
        }
    }

    /// Many groups from many threads through the writer: every one is recorded, in batches.
    @Test func theWriterRecordsEveryGroupOfAConcurrentLoad() async throws {
        try await TestPostgres.withFreshDatabase { url in
            let store = try PostgresStore(url: url)
            defer { store.close() }
            let batches = NIOLockedValueBox<[Int]>([])
            let writer = TokenWriter(committer: try store.makeTokenCommitter(walLimitBytes: 0)) { size in batches.withLockedValue { $0.append(size) } }
            let outcomes = await onThreadOfItsOwn {
                let done = DispatchGroup()
                let results = NIOLockedValueBox<[Result<CommitOutcome, any Error>]>([])
                for _ in 0..<2000 {
                    done.enter()
                    writer.submit(TokenGroup(rows: [Self.token()], clientGeneration: 0)) { result in
                        results.withLockedValue { $0.append(result) }
                        done.leave()
                    }
                }
                done.wait()
                return results.withLockedValue { $0.map { (try? $0.get()) == .committed } }
            }
            writer.drainAndStop()
            #expect(outcomes.count == 2000 && outcomes.allSatisfy { $0 })
            #expect(try await TestPostgres.values("SELECT count(*) FROM token", as: Int.self, in: url) == [2000])
            #expect(batches.withLockedValue { $0.count } < 2000)
        }
    }
}
