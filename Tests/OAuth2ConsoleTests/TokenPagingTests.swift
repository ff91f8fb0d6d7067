import Foundation
import Testing
import OAuth2Core
import OAuth2Store
@testable import OAuth2Console

/// The Tokens view over a store holding more tokens than a page: paged and filtered by
/// the store, saying how many of how many it shows.
@Suite struct TokenPagingTests {
    static func fixture(tokens count: Int) throws -> ConsoleFixture {
        let fixture = try ConsoleFixture()
        let now = fixture.state.now
        let tokens = (0..<count).map { index -> TokenRecord in
            let issued: EpochSeconds = now - 10_000 + EpochSeconds(index)
            let client: String = index % 3 == 0 ? fixture.tokyo.client.id : fixture.svcA.client.id
            let expires: EpochSeconds = index % 10 == 0 ? now - 1 : now + 600
            return TokenRecord(jti: HexDigit.text(UInt64(issued) * 1000, width: 12) + "page\(index)", clientId: client, scope: "read",
                               audience: "a", format: .jwt, issuedAt: issued, expiresAt: expires)
        }
        try TokenInserter(store: fixture.store).insert(tokens)
        fixture.send(.loaded(try Snapshot.load(from: fixture.store)))
        fixture.press(.character("2"))
        return fixture
    }

    /// Loads what the state asks for, as the runtime does on `.reload`.
    static func reload(_ fixture: ConsoleFixture) throws {
        fixture.send(.loaded(try Snapshot.load(from: fixture.store, tokens: fixture.state.tokenRequest)))
    }

    @Test(arguments: [(80, 24), (120, 40), (132, 43)])
    func theTitleSaysHowManyOfHowMany(width: Int, height: Int) throws {
        let fixture = try Self.fixture(tokens: 3_000)
        let screen = fixture.screen(width, height)
        #expect(screen.text(row: 2).contains("Tokens (500 of 3,002)"))
        #expect(screen.text.contains(" 1/3,002 "))
    }

    @Test func pagingReachesTheOldestToken() throws {
        let fixture = try Self.fixture(tokens: 3_000)
        #expect(fixture.press(.end).contains(.reload))
        #expect(fixture.state.selectedIndex == 3_001)
        try Self.reload(fixture)
        #expect(fixture.state.snapshot.tokenRequest.offset == 3_001 - TokenPageRequest.rows / 2)
        #expect(fixture.state.selectedToken?.jti.hasSuffix("page0") == true)
        #expect(fixture.screen(80, 24).text.contains(" 3,002/3,002 "))
        fixture.press(.home)
        try Self.reload(fixture)
        #expect(fixture.state.selectedToken?.jti == fixture.state.snapshot.tokens.first?.jti)
        #expect(fixture.state.snapshot.tokenRequest.offset == 0)
    }

    @Test func theFilterRunsInTheStore() throws {
        let fixture = try Self.fixture(tokens: 3_000)
        fixture.press(.character("/"))
        fixture.type("zoë")
        try Self.reload(fixture)
        // A third of the 3,000, and the fixture's own token of zoë 東京.
        #expect(fixture.screen(80, 24).text(row: 2).contains("Tokens (500 of 1,001)  /zoë"))
        fixture.press(.control("u"))
        fixture.type("expired svc-a")
        try Self.reload(fixture)
        #expect(fixture.screen(80, 24).text(row: 2).contains("Tokens (200)"))
        #expect(fixture.state.tokenRows.allSatisfy { $0.expiresAt < fixture.state.now && $0.clientId == fixture.svcA.client.id })
        fixture.press(.control("u"))
        fixture.type("page2999")
        try Self.reload(fixture)
        #expect(fixture.state.tokenRows.map(\.jti).map { $0.hasSuffix("page2999") } == [true])
    }
}
