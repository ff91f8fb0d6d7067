import Testing
import OAuth2Core
import OAuth2Store
@testable import OAuth2Console

/// Each client's live rate and denials in the Clients view, sortable so the busiest or
/// the most refused client is one keystroke away.
@Suite struct ClientActivityTests {
    @Test(arguments: [(120, 40), (132, 43)])
    func ratesAndDenialsPerClientSortable(width: Int, height: Int) throws {
        let fixture = try ConsoleFixture()
        let svcA = fixture.svcA.client.id, tokyo = fixture.tokyo.client.id
        fixture.send(.live(LiveWindow.Batch(issued: 1_500, denied: 7, issuedByClient: [svcA: 300, tokyo: 1_200],
                                            denials: [DenialKey(reason: "invalid_scope", clientId: svcA): 7])))
        fixture.send(.tick(fixture.state.now + 1))
        var screen = fixture.screen(width, height)
        for heading in ["TOK/S", "DENY/MIN"] { #expect(screen.text(row: 3).contains(heading)) }
        #expect(screen.text(row: 4).contains("svc-a") && screen.text(row: 4).contains("300") && screen.text(row: 4).contains("  300        7│"))
        // The detail pane has the client's sparkline of tokens per minute.
        #expect(screen.text.contains("300 tok/s · 7 denied/min"))
        #expect(screen.text.contains("tokens/min"))
        fixture.press(.character("T"))
        screen = fixture.screen(width, height)
        #expect(screen.text(row: 3).contains("TOK/S↓"))
        #expect(screen.text(row: 4).contains("zoë 東京") && screen.text(row: 4).contains("1,200"))
        #expect(fixture.state.selectedClient?.id == svcA, "the selection stays on its client")
        fixture.press(.character("F"))
        #expect(fixture.screen(width, height).text(row: 4).contains("svc-a"))
        #expect(fixture.screen(width, height).text(row: 3).contains("DENY/MIN↓"))
    }

    /// `!` shows the denials of the last minutes by reason and client, the most first.
    @Test(arguments: [(80, 24), (132, 43)])
    func denialsByReasonAndClient(width: Int, height: Int) throws {
        let fixture = try ConsoleFixture()
        let svcA = fixture.svcA.client.id
        fixture.send(.live(LiveWindow.Batch(denied: 57, denials: [DenialKey(reason: "invalid_scope", clientId: svcA): 7,
                                                                 DenialKey(reason: "invalid_client", clientId: ""): 50])))
        fixture.press(.character("!"))
        let text = fixture.screen(width, height).text
        #expect(text.contains("Denials, last 5 minutes"))
        let lines = text.split(separator: "\n").map(String.init)
        let client = try #require(lines.firstIndex { $0.contains("50  invalid_client") && $0.contains("(no known client)") })
        let scope = try #require(lines.firstIndex { $0.contains("7  invalid_scope") && $0.contains("svc-a") })
        #expect(client < scope)
        fixture.send(.tick(fixture.state.now + 6 * 60))
        #expect(fixture.screen(width, height).text.contains("No request was denied in the last 5 minutes."))
        fixture.press(.escape)
        #expect(fixture.state.overlay == nil)
    }

    @Test func embeddedEventsAreCountedPerClient() {
        var window = LiveWindow()
        window.record(.tokenIssued(.init(clientId: "a", jti: "1", scope: "", format: .jwt, expiresAt: 0)), at: 1)
        window.record(.tokenDenied(.init(clientId: nil, reason: "invalid_client", description: "", address: "x")), at: 1)
        let batch = window.drain(at: 1)
        #expect(batch.issuedByClient == ["a": 1] && batch.denials == [DenialKey(reason: "invalid_client", clientId: ""): 1])
    }
}
