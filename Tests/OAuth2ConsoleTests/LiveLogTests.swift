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
        #expect(text.contains("issued ef123456 to svc-a [read]"))
        #expect(text.contains("denied svc-a from 127.0.0.1: invalid_scope"))
        #expect(text.contains("revoked ef123456 of svc-a by server"))
        #expect(text.contains("+1,204 issued to svc-a in 1s"))
        let issuedRow = (0..<height).first { screen.text(row: $0).contains("issued ef123456") }!
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
        #expect(fixture.screen(80, 24).text.contains("Log (paused ·"))
        fixture.send(.live(LiveWindow.Batch(events: [Self.issued(tokyo, "second00")], issued: 1)))
        #expect(!fixture.screen(80, 24).text.contains("second00"))
        fixture.press(.character("f"))
        #expect(fixture.screen(80, 24).text.contains("issued second00 to zoë 東京"))
        fixture.press(.character("c"))
        let screen = fixture.screen(80, 24).text
        #expect(screen.contains("Log (following · svc-a · UTC)") && !screen.contains("second00") && screen.contains("first000"))
    }

    @Test func otherProcessesChangesAreFollowed() throws {
        let fixture = try ConsoleFixture()
        let other = try SQLiteStore(path: fixture.store.path)
        _ = try other.setStatus(clientId: fixture.tokyo.client.id, .disabled, actor: .cli)
        fixture.send(.loaded(try Snapshot.load(from: fixture.store)))
        #expect(fixture.screen(80, 24).text.contains("cli: client.disable zoë 東京"))
        #expect(fixture.screen(80, 24).text(row: 5).contains("disabled"))
    }

    /// Another console's actions reach this console's log; this console's own are logged
    /// once, when they complete, not a second time by the follower.
    @Test func anotherConsolesActionsAreFollowedAndOwnOnesLoggedOnce() throws {
        let fixture = try ConsoleFixture()
        let other = try ConsoleFixture.attach(to: fixture)
        try other.run(other.press(.character("d"), .character("y")))
        #expect(other.state.log.entries.filter { $0.text.contains("svc-a") }.map(\.text) == ["disabled svc-a"])
        fixture.send(.loaded(try Snapshot.load(from: fixture.store)))
        #expect(fixture.screen(80, 24).text.contains("console: client.disable svc-a"))
        try fixture.run(fixture.press(.character("j"), .character("d"), .character("y")))
        #expect(fixture.state.log.entries.filter { $0.text.contains("zoë") }.map(\.text) == ["disabled zoë 東京"])
        other.send(.loaded(try Snapshot.load(from: other.store)))
        #expect(other.screen(80, 24).text.contains("console: client.disable zoë 東京"))
    }

    /// Attached, the console counts every token row another process commits, including
    /// rows committed a little after later-made ones, and none twice.
    @Test func attachedConsoleFollowsEveryNewTokenRow() throws {
        let fixture = try ConsoleFixture()
        let now = fixture.state.now
        fixture.state.server = ServerInfo(mode: .attached, url: "unknown", state: "unknown", startedAt: now)
        let other = try SQLiteStore(path: fixture.store.path)
        let start = UInt64(now) * 1000
        var follower = TokenFollower(fromMillis: start)
        func look() throws {
            let range = follower.range
            fixture.send(.arrived(follower.absorb(try fixture.store.tokenArrivals(jtiFrom: range.from, below: range.below,
                                                                                  limit: TokenFollower.rowsPerLook))))
        }
        func rows(_ count: Int, atMillis millis: UInt64, client: String) -> [TokenRecord] {
            (0..<count).map { index in
                TokenRecord(jti: HexDigit.text(millis + UInt64(index % 900), width: 12) + "r\(index)x\(millis)", clientId: client,
                            scope: "read", audience: "a", format: .jwt, issuedAt: EpochSeconds((millis + UInt64(index % 900)) / 1000),
                            expiresAt: now + 600)
            }
        }
        // History before the console attached is not news.
        try TokenInserter(store: other).insert(rows(50, atMillis: start - 5_000, client: fixture.svcA.client.id))
        try TokenInserter(store: other).insert(rows(3, atMillis: start + 10, client: fixture.svcA.client.id))
        try look()
        #expect(fixture.state.log.entries.filter { $0.kind == .issued }.count == 3)
        try TokenInserter(store: other).insert(rows(12_000, atMillis: start + 1_000, client: fixture.svcA.client.id))
        try look()
        // Committed after the look that read later rows, but made before them.
        try TokenInserter(store: other).insert(rows(8_000, atMillis: start + 1_100, client: fixture.tokyo.client.id).map {
            var late = $0
            late.jti = HexDigit.text(start + 1_500, width: 12) + late.jti.dropFirst(12)
            return late
        })
        try TokenInserter(store: other).insert(rows(5_000, atMillis: start + 2_000, client: fixture.svcA.client.id))
        try look()
        try look()
        let summaries = fixture.state.log.entries.filter { $0.kind == .summary }.map(\.text)
        #expect(summaries.sorted() == ["+12,000 issued to svc-a", "+5,000 issued to svc-a", "+8,000 issued to zoë 東京"].sorted())
        let counted = fixture.state.log.entries.compactMap { entry -> Int? in
            guard entry.kind == .summary else { return nil }
            return Int(entry.text.dropFirst().prefix { $0 != " " }.replacingOccurrences(of: ",", with: ""))
        }.reduce(3, +)
        #expect(counted == 25_003)
    }

    /// Attached, the header shows what the serving processes publish in the store, and
    /// says so when none does.
    @Test func attachedHeaderShowsThePublishedServerOrUnknown() throws {
        let fixture = try ConsoleFixture()
        let now = fixture.state.now
        fixture.state.server = ServerInfo(mode: .attached, url: "unknown", state: "unknown", startedAt: now)
        fixture.send(.loaded(try Snapshot.load(from: fixture.store)))
        var header = fixture.screen(132, 43).text(row: 0)
        #expect(header.contains("unknown") && header.contains("no server seen") && header.contains("fail/min unknown"))
        var presence = ServerPresence(id: "host:42", url: "http://127.0.0.1:18090", pid: 42, startedAt: now - 60, seenAt: now,
                                      issued: 100, denied: 5)
        try fixture.store.publish(presence)
        fixture.send(.loaded(try Snapshot.load(from: fixture.store)))
        presence.denied = 12
        try fixture.store.publish(presence)
        fixture.send(.loaded(try Snapshot.load(from: fixture.store)))
        header = fixture.screen(132, 43).text(row: 0)
        #expect(header.contains("http://127.0.0.1:18090") && header.contains("attached · serving") && header.contains("fail/min 7"))
        fixture.send(.tick(now + 40))
        fixture.send(.loaded(try Snapshot.load(from: fixture.store)))
        header = fixture.screen(132, 43).text(row: 0)
        #expect(header.contains("stale: last seen 40s ago") && header.contains("fail/min unknown"))
        try fixture.store.withdrawPresence(id: "host:42")
        fixture.send(.loaded(try Snapshot.load(from: fixture.store)))
        #expect(fixture.screen(132, 43).text(row: 0).contains("no server seen"))
    }

    @Test func commandLine() throws {
        let fixture = try ConsoleFixture()
        fixture.press(.character(":"))
        fixture.type("client zoë 東京")
        #expect(fixture.screen(80, 24).text(row: 23).hasPrefix(":client zoë 東京█"))
        fixture.press(.enter)
        #expect(fixture.state.log.clientFilter == fixture.tokyo.client.id)
        fixture.press(.character(":"))
        fixture.type("tokens")
        fixture.press(.enter)
        #expect(fixture.state.tab == .tokens)
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
        // 80×24 cannot hold every line at once: the rest is a scroll away.
        if height < 43 { #expect(text.contains("j/↓ more")) }
        for _ in 0..<6 {
            fixture.press(.pageDown)
            shown.formUnion(Keymap.bindings.map(\.help).filter(fixture.screen(width, height).text.contains))
        }
        #expect(shown.count == Set(Keymap.bindings.map(\.help)).count)
        fixture.press(.escape)
        #expect(fixture.state.overlay == nil)
    }

    /// `q` while this process serves the token endpoint asks first; attached, it quits.
    @Test func quitAsksWhileServing() throws {
        let fixture = try ConsoleFixture()
        #expect(fixture.press(.character("q")) == [])
        #expect(fixture.screen(80, 24).text.contains("Quit? The token endpoint at http://127.0.0.1:8080"))
        #expect(fixture.screen(80, 24).text.contains("serving (gracefully)"))
        fixture.press(.character("n"))
        #expect(fixture.state.overlay == nil && !fixture.state.quitting)
        fixture.press(.character("q"))
        #expect(fixture.press(.character("y")) == [.quit])
        fixture.state.server.mode = .attached
        fixture.state.quitting = false
        #expect(fixture.press(.character("q")) == [.quit])
    }

    /// Under a sustained flood the log holds the per-second summaries: after the first
    /// second no single "issued" lines push them out of view.
    @Test func aSustainedFloodLogsOnlySummaries() {
        var window = LiveWindow()
        for second in Int64(100)..<103 {
            for index in 0..<1000 { window.record(Self.issued("svc-a", "\(second)-\(index)"), at: second) }
        }
        let batch = window.drain(at: 103)
        #expect(batch.events.count == LiveWindow.burst, "only the first second passes lines one by one")
        #expect(batch.summaries.map(\.count) == [980, 1000, 1000])
        // Quiet for a second: single lines pass again.
        window.record(Self.issued("svc-a", "later"), at: 105)
        #expect(window.drain(at: 105).events.count == 1)
    }

    /// `]` back to the newest line follows again; a paused pane says what waits below.
    @Test func pausedLogCountsNewerLinesAndResumesAtTheEnd() throws {
        let fixture = try ConsoleFixture()
        let svcA = fixture.svcA.client.id
        for index in 0..<40 { fixture.send(.live(LiveWindow.Batch(events: [Self.issued(svcA, "line\(index)")], issued: 1))) }
        fixture.press(.character("["))
        #expect(!fixture.state.log.following)
        fixture.send(.live(LiveWindow.Batch(events: [Self.issued(svcA, "newer1"), Self.issued(svcA, "newer2")], issued: 2)))
        #expect(fixture.screen(80, 24).text.contains("paused · "))
        #expect(fixture.screen(80, 24).text.contains("newer below · ] or f"))
        for _ in 0..<10 { fixture.press(.character("]")) }
        #expect(fixture.state.log.following)
        #expect(fixture.screen(80, 24).text.contains("Log (following · UTC)"))
        #expect(fixture.screen(80, 24).text.contains("issued newer2"))
    }
}
