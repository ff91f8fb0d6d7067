import Testing
import OAuth2Core
import OAuth2Store
@testable import OAuth2Console

/// The detail pane wraps long values, scrolls, and marks what it cannot show.
@Suite struct DetailPaneTests {
    static func fixtureWithLongClient() throws -> ConsoleFixture {
        let fixture = try ConsoleFixture()
        for index in 0..<30 { _ = try fixture.store.addScope(name: "api.example.com/resource-\(index):read", description: "", actor: .cli) }
        let scopes = try fixture.store.listScopes().map(\.name)
        _ = try fixture.store.updateClient(id: fixture.svcA.client.id, ClientChanges(
            scopes: scopes, audiences: ["https://orders.example.com/api", "https://billing.example.com/a/very/long/path/for/an/audience"]),
            actor: .cli)
        fixture.send(.loaded(try Snapshot.load(from: fixture.store)))
        return fixture
    }

    @Test(arguments: [(80, 24), (120, 40), (132, 43)])
    func longValuesWrapAndThePaneScrolls(width: Int, height: Int) throws {
        let fixture = try Self.fixtureWithLongClient()
        fixture.send(.resized(width: width, height: height))
        fixture.press(.enter)
        var screen = fixture.screen(width, height)
        #expect(screen.text.contains("Detail · j/k scroll"))
        // The scopes continue on the following rows, under the value column.
        #expect(screen.text.components(separatedBy: "api.example.com/").count > 3, "\(screen.text)")
        #expect(screen.text.contains("more…"))
        for _ in 0..<60 { fixture.press(.character("j")) }
        screen = fixture.screen(width, height)
        if height >= 40 { #expect(screen.text.contains("https://billing.example.")) }
        #expect(screen.text.contains("created"))
        #expect(screen.text.contains("↑"))
        #expect(fixture.state.selectedIndex == 0, "j scrolls the pane, not the list")
        fixture.press(.escape)
        #expect(!fixture.state.detailOpen)
        fixture.press(.character("j"))
        #expect(fixture.state.selectedIndex == 1)
    }

    @Test func wrappingBreaksLongWordsAndKeepsEveryCharacter() {
        let text = "https://billing.example.com/a/very/long/path short"
        let lines = Dialog.wrap(text, width: 12)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 12 })
        #expect(lines.joined() == text.replacingOccurrences(of: " ", with: ""))
    }
}

