import Testing
import OAuth2Core
import OAuth2Store
@testable import OAuth2Console

/// The live log pane: events as they happen, summaries under load, follow/pause, filter.
@Suite struct LiveLogTests {
    static func issued(_ clientId: String, _ jti: String) -> DomainEvent {
        .tokenIssued(.init(clientId: clientId, jti: jti, scope: "read", format: .jwt, expiresAt: 0))
    }

    @Test func aFloodIsSummarisedPerClientOncePerSecond() {
        var window = LiveWindow()
        for index in 0..<5000 { window.record(Self.issued("svc-a", "jti\(index)"), at: 100) }
        window.record(.tokenDenied(.init(clientId: "svc-b", reason: "invalid_client", description: "", address: "10.0.0.1")), at: 100)
        let first = window.drain(at: 100)
        #expect(first.events.count == LiveWindow.burst)
        #expect(first.issued == 5000 && first.denied == 1)
        #expect(first.summaries.isEmpty)
        let second = window.drain(at: 101)
        #expect(second.summaries == [LiveWindow.Summary(kind: .issued, clientId: "svc-a", count: 4980),
                                     LiveWindow.Summary(kind: .denied, clientId: "svc-b", count: 1)])
        #expect(second.events.isEmpty && second.issued == 0)
    }

    @Test func serverStatesAreNeverSummarised() {
        var window = LiveWindow()
        for index in 0..<100 { window.record(Self.issued("svc-a", "\(index)"), at: 5) }
        window.record(.serverStateChanged("stopped"), at: 5)
        #expect(window.drain(at: 5).events.last == .serverStateChanged("stopped"))
    }

    @Test(arguments: ViewRenderTests.sizes)
    func eventsAppearColouredByKindAndSummariesReadWell(width: Int, height: Int) throws {
        let fixture = try ConsoleFixture()
        let svcA = fixture.svcA.client.id
        fixture.send(.live(LiveWindow.Batch(
            events: [Self.issued(svcA, "abcdef123456"),
                     .tokenDenied(.init(clientId: svcA, reason: "invalid_scope", description: "", address: "127.0.0.1")),
                     .tokenRevoked(jti: "abcdef123456", clientId: svcA, by: .server)],
            summaries: [LiveWindow.Summary(kind: .issued, clientId: svcA, count: 1204)], issued: 1205, denied: 1)))
        let screen = fixture.screen(width, height)
        let text = screen.text
        #expect(text.contains("issued abcdef12 to svc-a [read]"))
        #expect(text.contains("denied svc-a from 127.0.0.1: invalid_scope"))
        #expect(text.contains("revoked abcdef12 of svc-a by server"))
        #expect(text.contains("+1,204 issued to svc-a in 1s"))
        let issuedRow = (0..<height).first { screen.text(row: $0).contains("issued abcdef12") }!
        let column = Array(screen.text(row: issuedRow)).firstIndex(of: "i")!
        #expect(screen[issuedRow, column].role == .logIssued)
        #expect(fixture.state.throughput.failuresLastMinute(at: fixture.state.now) == 1)
        fixture.send(.tick(fixture.state.now + 1))
        #expect(fixture.screen(width, height).text(row: 0).contains("1,205 tok/s"))
    }

    @Test func pausingHoldsTheViewAndTheClientFilterNarrowsIt() throws {
        let fixture = try ConsoleFixture()
        let svcA = fixture.svcA.client.id, tokyo = fixture.tokyo.client.id
        fixture.send(.live(LiveWindow.Batch(events: [Self.issued(svcA, "first000")], issued: 1)))
        fixture.press(.character("f"))
        #expect(fixture.screen(80, 24).text.contains("Log (paused)"))
        fixture.send(.live(LiveWindow.Batch(events: [Self.issued(tokyo, "second00")], issued: 1)))
        #expect(!fixture.screen(80, 24).text.contains("second00"))
        fixture.press(.character("f"))
        #expect(fixture.screen(80, 24).text.contains("issued second00 to zoë 東京"))
        fixture.press(.character("c"))
        let screen = fixture.screen(80, 24).text
        #expect(screen.contains("Log (following · svc-a)") && !screen.contains("second00") && screen.contains("first000"))
    }

    @Test func otherProcessesChangesAreFollowed() throws {
        let fixture = try ConsoleFixture()
        let other = try Store(path: fixture.store.path)
        _ = try other.setStatus(clientId: fixture.tokyo.client.id, .disabled, actor: .cli)
        fixture.send(.loaded(try Snapshot.load(from: fixture.store)))
        #expect(fixture.screen(80, 24).text.contains("cli: client.disable zoë 東京"))
        #expect(fixture.screen(80, 24).text(row: 5).contains("disabled"))
    }

    @Test func attachedConsoleLogsNewTokenRowsAsIssuances() throws {
        let fixture = try ConsoleFixture()
        fixture.state.server = ServerInfo(mode: .attached, url: "http://127.0.0.1:9000", state: "attached", startedAt: fixture.state.now)
        try TokenInserter(store: fixture.store).insert([TokenRecord(jti: "eeee3333ffff", clientId: fixture.svcA.client.id, scope: "read",
                                                    audience: "a", format: .jwt, issuedAt: fixture.state.now, expiresAt: fixture.state.now + 60)])
        fixture.send(.loaded(try Snapshot.load(from: fixture.store)))
        let text = fixture.screen(80, 24).text
        #expect(text.contains("issued eeee3333 to svc-a [read]"))
        #expect(fixture.screen(80, 24).text(row: 0).contains("● attached"))
    }

    @Test func commandLine() throws {
        let fixture = try ConsoleFixture()
        fixture.press(.character(":"))
        fixture.type("client zoë 東京")
        #expect(fixture.screen(80, 24).text(row: 23).hasPrefix(":client zoë 東京█"))
        fixture.press(.enter)
        #expect(fixture.state.log.clientFilter == fixture.tokyo.client.id)
        fixture.press(.character(":"))
        fixture.type("theme dark")
        #expect(fixture.press(.enter) == [.loadTheme("dark")])
        fixture.press(.character(":"))
        fixture.type("frobnicate")
        fixture.press(.enter)
        #expect(fixture.screen(80, 24).text(row: 23).contains("unknown command :frobnicate"))
        fixture.send(.themeApplied(name: "nope", problem: "unknown theme \"nope\"; using the default theme"))
        #expect(fixture.screen(80, 24).text(row: 23).contains("unknown theme \"nope\"; using the default theme"))
        fixture.press(.character(":"))
        fixture.type("quit")
        #expect(fixture.press(.enter) == [.quit])
    }

    @Test(arguments: ViewRenderTests.sizes)
    func helpListsEveryBindingFromTheKeyTable(width: Int, height: Int) throws {
        let fixture = try ConsoleFixture()
        fixture.press(.character("?"))
        let text = fixture.screen(width, height).text
        #expect(text.contains("Keys"))
        #expect(text.contains("x          revoke the selected token (confirms)"))
        var shown = Set(Keymap.bindings.map(\.help).filter(text.contains))
        if height < 43 {
            // 80×24 cannot hold every line at once: the rest is a scroll away.
            #expect(text.contains("j/↓ more"))
            for _ in 0..<3 {
                fixture.press(.pageDown)
                shown.formUnion(Keymap.bindings.map(\.help).filter(fixture.screen(width, height).text.contains))
            }
        }
        #expect(shown.count == Set(Keymap.bindings.map(\.help)).count)
        fixture.press(.escape)
        #expect(fixture.state.overlay == nil)
    }

    @Test func quitKeyQuits() throws {
        let fixture = try ConsoleFixture()
        #expect(fixture.press(.character("q")) == [.quit])
    }
}
