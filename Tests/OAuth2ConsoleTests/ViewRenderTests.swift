import Testing
import OAuth2Core
import OAuth2Store
@testable import OAuth2Console

/// Each view drawn at the two reference sizes, read back as text.
@Suite struct ViewRenderTests {
    static let sizes = [(80, 24), (132, 43)]

    @Test(arguments: sizes)
    func headerShowsEndpointAndVitals(width: Int, height: Int) throws {
        let fixture = try ConsoleFixture()
        let screen = fixture.screen(width, height)
        // What does not fit whole is left out, least needed first: the uptime at 80 columns.
        let uptime = width >= 100 ? "  up 1h02m" : ""
        #expect(screen.text(row: 0).hasPrefix(" oauth2  http://127.0.0.1:8080 ● listening\(uptime)  0 tok/s"))
        #expect(screen.text(row: 0).hasSuffix("live 2  fail/min 0"))
        #expect(screen.text(row: 1) == " 1 Clients   2 Tokens   3 Keys   4 Scopes   5 Audit")
        #expect(screen.text(row: height - 1).contains("n new e edit r rotate"))
    }

    @Test(arguments: sizes)
    func clientsViewListsNameIdStatusScopesSecretsAndLiveTokens(width: Int, height: Int) throws {
        let fixture = try ConsoleFixture()
        let screen = fixture.screen(width, height)
        #expect(screen.text(row: 2).contains("Clients (2)"))
        let headings = screen.text(row: 3)
        for heading in ["NAME", "ID", "STATUS", "SCOPES", "LIVE", "TOK/S", "DENY/MIN"] { #expect(headings.contains(heading)) }
        // At 80 columns the secrets column yields to the live rates (the detail pane has it).
        #expect(headings.contains("SECRETS") == (width >= 132))
        let svcA = screen.text(row: 4)
        #expect(svcA.contains("svc-a") && svcA.contains(fixture.svcA.client.id) && svcA.contains("active"))
        #expect(svcA.contains("1 · ") == (width >= 132))
        #expect(svcA.contains("   1     0        0│"))
        #expect(screen[4, 1].role == .selection)
        // A double-width name takes the columns it occupies: the id column stays aligned.
        let tokyo = screen.text(row: 5)
        #expect(tokyo.contains("zoë 東京"))
        let idColumn = { (row: Int, id: String) in (0..<width).first { column in
            (0..<id.count).allSatisfy { screen[row, column + $0].character == Array(id)[$0] } } }
        #expect(idColumn(4, fixture.svcA.client.id) == idColumn(5, fixture.tokyo.client.id))
    }

    @Test(arguments: sizes)
    func tokensViewShowsShortJtiClientScopesIssuedExpiresState(width: Int, height: Int) throws {
        let fixture = try ConsoleFixture()
        fixture.press(.character("2"))
        let screen = fixture.screen(width, height)
        #expect(screen.text(row: 2).contains("Tokens (2)"))
        for heading in ["JTI", "CLIENT", "SCOPES", "ISSUED", "EXPIRES", "STATE"] { #expect(screen.text(row: 3).contains(heading)) }
        #expect(screen.text(row: 4).contains("33334444") && screen.text(row: 4).contains("zoë 東京"))
        #expect(screen.text(row: 4).contains("1m ago") && screen.text(row: 4).contains("in 14m") && screen.text(row: 4).contains("active"))
        #expect(screen.text(row: 5).contains("11112222") && screen.text(row: 5).contains("svc-a") && screen.text(row: 5).contains("in 58m"))
    }

    @Test(arguments: sizes)
    func keysScopesAndAuditViews(width: Int, height: Int) throws {
        let fixture = try ConsoleFixture()
        fixture.press(.character("3"))
        var screen = fixture.screen(width, height)
        #expect(screen.text(row: 2).contains("Keys (1)"))
        #expect(screen.text(row: 4).contains(String(fixture.state.snapshot.keys[0].kid.prefix(10))))
        #expect(screen.text(row: 4).contains("ES256") && screen.text(row: 4).contains("active"))
        fixture.press(.character("4"))
        screen = fixture.screen(width, height)
        #expect(screen.text(row: 2).contains("Scopes (2)"))
        #expect(screen.text(row: 4).contains("read") && screen.text(row: 4).contains("read things") && screen.text(row: 4).contains("2"))
        fixture.press(.tab)
        screen = fixture.screen(width, height)
        #expect(screen.text(row: 2).contains("Audit (5)"))
        for heading in ["TIME", "ACTOR", "ACTION", "SUBJECT"] { #expect(screen.text(row: 3).contains(heading)) }
        #expect(screen.text(row: 4).contains("server") && screen.text(row: 4).contains("key.rotate"))
        // Client ids in the audit trail read as names.
        #expect(screen.text(row: 5).contains("client.register") && screen.text(row: 5).contains("zoë 東京"))
    }

    @Test func detailPaneOpensWithEnterOnNarrowAndIsAlwaysShownWhenWide() throws {
        let fixture = try ConsoleFixture()
        #expect(!fixture.screen(80, 24).text.contains("Detail"))
        #expect(fixture.screen(132, 43).text.contains("Detail"))
        fixture.press(.down, .enter)
        let screen = fixture.screen(80, 24)
        #expect(screen.text.contains("Detail") && !screen.text.contains("Log (following)"))
        // Labels take 13 columns, values follow.
        #expect(screen.text.contains("│ name         zoë 東京"))
        #expect(screen.text.contains("│ token TTL    15m"))
        #expect(screen.text.contains("│ scopes       read write"))
        fixture.press(.escape)
        #expect(fixture.screen(80, 24).text.contains("Log (following"))
    }

    @Test func movingThroughTheListSelectsRows() throws {
        let fixture = try ConsoleFixture()
        fixture.press(.character("j"))
        #expect(fixture.state.selectedClient?.client.name == "zoë 東京")
        fixture.press(.down, .down)
        #expect(fixture.state.selectedIndex == 1)
        fixture.press(.home)
        #expect(fixture.state.selectedIndex == 0)
        fixture.press(.end)
        #expect(fixture.state.selectedIndex == 1)
        fixture.press(.up, .pageUp)
        #expect(fixture.state.selectedIndex == 0)
        #expect(fixture.screen(80, 24)[4, 1].role == .selection)
    }

    @Test func filterNarrowsTheListAndEscClearsIt() throws {
        let fixture = try ConsoleFixture()
        fixture.press(.character("/"))
        fixture.type("東")
        var screen = fixture.screen(80, 24)
        #expect(screen.text(row: 2).contains("Clients (1)  /東"))
        #expect(screen.text(row: 23).hasPrefix("/東█"))
        fixture.press(.enter)
        screen = fixture.screen(80, 24)
        #expect(screen.text(row: 4).contains("zoë 東京") && !screen.text.contains("svc-a"))
        fixture.press(.escape)
        #expect(fixture.screen(80, 24).text(row: 2).contains("Clients (2)"))
    }

    @Test func tinyTerminalSaysSo() {
        let state = ConsoleState(server: ServerInfo(mode: .attached, url: "u", state: "attached", startedAt: 0), now: 0)
        #expect(render(state, width: 30, height: 8).text(row: 0) == "oauth2: terminal too small (30")
    }
}
