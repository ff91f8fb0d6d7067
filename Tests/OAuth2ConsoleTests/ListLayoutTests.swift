import Foundation
import Testing
import OAuth2Core
import OAuth2Store
@testable import OAuth2Console

/// Lists at any volume: numbers whole, ids that tell tokens apart, paging by what shows,
/// times with their zone.
@Suite struct ListLayoutTests {
    static let sizes = [(80, 24), (120, 40), (132, 43)]

    @Test(arguments: sizes)
    func bigNumbersStayWhole(width: Int, height: Int) throws {
        let fixture = try ConsoleFixture()
        fixture.state.snapshot.liveTokens = 103_041
        fixture.state.snapshot.clients[0].liveTokens = 103_041
        fixture.send(.live(LiveWindow.Batch(issued: 12_345, denied: 0)))
        fixture.send(.tick(fixture.state.now + 1))
        let screen = fixture.screen(width, height)
        #expect(screen.text(row: 0).contains("live 103k"))
        #expect(screen.text(row: 0).contains("12.3k tok/s"))
        #expect(screen.text(row: 0).contains("fail/min 0"))
        #expect(screen.text(row: 4).contains("103,041"))
        #expect(!screen.text.contains("103,0…"))
    }

    @Test func compactNumbers() {
        #expect([0, 9_999, 10_000, 10_300, 103_041, 1_234_567, 12_000_000, 1_500_000_000].map(\.compact)
            == ["0", "9,999", "10k", "10.3k", "103k", "1.2M", "12M", "1.5G"])
    }

    /// Narrow lists leave out their least needed columns rather than cutting every one.
    @Test func narrowListsDropColumnsWhole() throws {
        let fixture = try ConsoleFixture()
        let screen = fixture.screen(40, 12)
        #expect(screen.text(row: 3).contains("NAME") && screen.text(row: 3).contains("LIVE"))
        #expect(!screen.text(row: 3).contains("SECRETS"))
    }

    /// Tokens issued in the same millisecond differ in the id the list, the log and the
    /// revoke prompt show.
    @Test func tokenIdsTellTokensIssuedTogetherApart() throws {
        let fixture = try ConsoleFixture()
        let now = fixture.state.now
        let moment = Date(timeIntervalSince1970: TimeInterval(now))
        let tokens = (0..<60).map { _ in
            TokenRecord(jti: TokenRecord.makeJTI(at: moment), clientId: fixture.svcA.client.id, scope: "read", audience: "a",
                        format: .jwt, issuedAt: now, expiresAt: now + 60)
        }
        try TokenInserter(store: fixture.store).insert(tokens)
        fixture.send(.loaded(try Snapshot.load(from: fixture.store)))
        fixture.press(.character("2"))
        let screen = fixture.screen(132, 200)
        let shown = (4..<64).map { String(screen.text(row: $0).dropFirst(1).prefix(JTIText.shortLength)) }
        #expect(Set(shown).count == 60)
        fixture.press(.character("x"))
        let selected = try #require(fixture.state.selectedToken)
        #expect(fixture.screen(80, 24).text.contains("Revoke token \(JTIText.short(selected.jti)) of svc-a?"))
    }

    /// PgDn moves by the rows the list shows at this size.
    @Test(arguments: sizes)
    func pagingMovesByTheVisibleRows(width: Int, height: Int) throws {
        let fixture = try ConsoleFixture()
        fixture.state.snapshot.tokens = (0..<300).map { index in
            TokenRecord(jti: "019ae1f2c3a4-\(1000 + index)", clientId: fixture.svcA.client.id, scope: "read", audience: "a",
                        format: .jwt, issuedAt: fixture.state.now, expiresAt: fixture.state.now + 60)
        }
        fixture.state.snapshot.tokenTotal = 300
        fixture.send(.resized(width: width, height: height))
        fixture.press(.character("2"))
        let visible = Layout(width: width, height: height, detailOpen: false).list.innerHeight - 1
        fixture.press(.pageDown)
        #expect(fixture.state.selectedIndex == visible)
        let screen = fixture.screen(width, height)
        // The row selected by the page is the last one shown after the move.
        #expect(screen[4 + visible - 1, 1].role == .selection)
        fixture.press(.pageUp)
        #expect(fixture.state.selectedIndex == 0)
    }

    /// Times say their zone; the audit trail shows dates.
    @Test func timesShowTheirZoneAndAuditShowsTheDate() throws {
        let fixture = try ConsoleFixture()
        fixture.press(.character("5"))
        var screen = fixture.screen(120, 40)
        #expect(screen.text(row: 3).contains("TIME (UTC)"))
        let date = TimeText.dateTime(fixture.state.snapshot.audit[0].at, in: TimeZone(identifier: "UTC")!)
        #expect(screen.text(row: 4).contains(date))
        #expect(screen.text.contains("Log (following · UTC)"))
        fixture.state.timeZone = TimeZone(secondsFromGMT: 3600)!
        screen = fixture.screen(120, 40)
        #expect(screen.text(row: 3).contains("TIME (UTC+01:00)"))
        #expect(screen.text.contains("· UTC+01:00"))
    }
}
