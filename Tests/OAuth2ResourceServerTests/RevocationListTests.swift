import OAuth2Core
import Testing
@testable import OAuth2ResourceServer

/// The follower's memory: bounded, forgetting what has expired.
@Suite struct RevocationListTests {
    @Test func pastCapacityTheEntriesExpiringSoonestGoFirst() {
        let list = RevocationList(capacity: 5)
        list.apply((0..<10).map { RevocationFeedPage.Entry(clientID: "c", jwtID: "j\($0)", expiresAt: 1000 + Int64($0)) }, now: 0)
        #expect(list.count == 5 && list.dropped == 5)
        #expect(!list.isRevoked(AccessTokenClaims(jwtID: "j4")))
        #expect(list.isRevoked(AccessTokenClaims(jwtID: "j5")))
    }

    @Test func expiredEntriesAreForgottenAndClientCutoffsCompareIssueTimes() {
        let list = RevocationList(capacity: 100)
        list.apply([RevocationFeedPage.Entry(clientID: "c", jwtID: "old", expiresAt: 50),
                    RevocationFeedPage.Entry(clientID: "c", issuedThrough: 200, expiresAt: 500)], now: 0)
        #expect(list.isRevoked(AccessTokenClaims(issuedAt: 200, clientID: "c")))
        #expect(!list.isRevoked(AccessTokenClaims(issuedAt: 201, clientID: "c")))
        #expect(!list.isRevoked(AccessTokenClaims(issuedAt: 100, clientID: "other")))
        list.purge(now: 60)
        #expect(list.count == 1 && !list.isRevoked(AccessTokenClaims(jwtID: "old")))
        list.purge(now: 500)
        #expect(list.count == 0)
    }
}
