import Foundation
import NIOConcurrencyHelpers
import OAuth2Core
@testable import OAuth2Postgres
import OAuth2Store
import PostgresTestSupport
import Testing
import TestSupport

/// Other processes' changes reach a store's follower through `LISTEN/NOTIFY`, and a lost
/// listening connection is made again and reported as `.anything`.
@Suite(.timeLimit(.minutes(3))) struct PostgresChangeListenerTests {
    @Test func changesArriveAndALostConnectionIsReportedAsAnything() async throws {
        try await TestPostgres.withFreshDatabase { url in
            let store = try PostgresStore(url: url)
            defer { store.close() }
            let seen = NIOLockedValueBox<[StoreChange]>([])
            let follower = store.followChanges { change in seen.withLockedValue { $0.append(change) } }
            defer { follower?.cancel() }
            #expect(await eventually(within: .seconds(5)) { seen.withLockedValue { $0 } == [.anything] })

            try await TestPostgres.execute("UPDATE client_generation SET value = 7", on: url)
            try await TestPostgres.execute("INSERT INTO signing_key (kid, alg, private_key, state, created_at) VALUES ('k', 'ES256', 'x', 'retired', 0)", on: url)
            #expect(await eventually(within: .seconds(5)) { seen.withLockedValue { $0 } == [.anything, .clients(generation: 7), .keys] })

            // Another session ends the listener's, as a database restart would.
            try await TestPostgres.execute("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = current_database() AND query LIKE 'LISTEN%'
                """, on: url)
            #expect(await eventually(within: .seconds(10)) { seen.withLockedValue { $0 }.last == .anything })
            try await TestPostgres.execute("UPDATE client_generation SET value = 8", on: url)
            #expect(await eventually(within: .seconds(5)) { seen.withLockedValue { $0 }.last == .clients(generation: 8) })
        }
    }
}

/// Upkeep one server at a time: while one process runs a job, another's turn is skipped.
@Suite(.timeLimit(.minutes(3))) struct PostgresRunAloneTests {
    @Test func aJobRunningInOneProcessIsSkippedByAnother() async throws {
        try await TestPostgres.withFreshDatabase { url in
            let one = try PostgresStore(url: url), other = try PostgresStore(url: url)
            defer { one.close(); other.close() }
            let (skippedWhileHeld, ranAfter) = try await onThreadOfItsOwn {
                Result {
                    var skipped = false
                    _ = try one.runAlone("janitor") { skipped = try !other.runAlone("janitor") {} }
                    return (skipped, try other.runAlone("janitor") {})
                }
            }.get()
            #expect(skippedWhileHeld)
            #expect(ranAfter)
            #expect(try other.runAlone("another job") {})
        }
    }
}
