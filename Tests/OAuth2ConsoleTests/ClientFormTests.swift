import Testing
import OAuth2Core
import OAuth2Store
@testable import OAuth2Console

/// The client form with as many scopes as a company registers: it stays inside its box,
/// scrolls, and its scope picker filters.
@Suite struct ClientFormTests {
    static func fixture(scopes count: Int) throws -> ConsoleFixture {
        let fixture = try ConsoleFixture()
        for index in 0..<count {
            _ = try fixture.store.addScope(name: "api.example.com/resource-\(index < 10 ? "0" : "")\(index):read", description: "",
                                           actor: .cli)
        }
        fixture.send(.loaded(try Snapshot.load(from: fixture.store)))
        return fixture
    }

    static func picked(_ fixture: ConsoleFixture) -> Set<String>? {
        guard case let .form(form)? = fixture.state.overlay else { return nil }
        return form.pickedScopes
    }

    @Test(arguments: [(16, 80, 24), (20, 80, 24), (40, 120, 40), (300, 132, 43), (300, 80, 24)])
    func manyScopesStayInsideTheFormAndTheCursorStaysInView(scopes: Int, width: Int, height: Int) throws {
        let fixture = try Self.fixture(scopes: scopes)
        let bare = fixture.screen(width, height)
        fixture.press(.character("n"))
        var screen = fixture.screen(width, height)
        #expect(screen.text(row: height - 1) == bare.text(row: height - 1), "the status line is not drawn over")
        #expect(screen.text(row: 0) == bare.text(row: 0))
        #expect(screen.text.contains("Enter save"))
        #expect(screen.text.contains("\((scopes + 2).grouped) scopes · 0 picked"))
        fixture.press(.tab)
        for _ in 0..<(scopes - 1) { fixture.press(.right) }
        screen = fixture.screen(width, height)
        // The cursor is on the last api scope, and it is on screen, highlighted.
        guard case let .form(form)? = fixture.state.overlay else { Issue.record("no form"); return }
        let last = form.shownScopes[form.scopeCursor]
        #expect(form.scopeCursor == scopes - 1 && last.hasPrefix("api.example.com/"))
        #expect(screen.text.contains("[ ] " + last))
        let row = try #require((0..<height).first { screen.text(row: $0).contains(last) })
        #expect((0..<width).contains { screen[row, $0].role == .selection })
        fixture.press(.character(" "))
        #expect(Self.picked(fixture) == [last])
        // Tab reaches every later field with the form still inside the terminal.
        fixture.press(.tab, .tab, .tab, .tab)
        screen = fixture.screen(width, height)
        #expect(screen.text.contains("▸ Introspect"))
        #expect(screen.text(row: height - 1) == bare.text(row: height - 1))
    }

    @Test func typingInThePickerFiltersTheScopes() throws {
        let fixture = try Self.fixture(scopes: 300)
        fixture.press(.character("n"))
        fixture.type("svc-filter")
        fixture.press(.tab)
        fixture.type("resource-217")
        let screen = fixture.screen(80, 24)
        #expect(screen.text.contains("[ ] api.example.com/resource-217:read"))
        #expect(!screen.text.contains("resource-216"))
        #expect(screen.text.contains("/resource-217: 1 of 302 · 0 picked"))
        fixture.press(.character(" "), .backspace, .backspace, .backspace)
        #expect(fixture.screen(80, 24).text.contains("/resource-: 300 of 302 · 1 picked"))
        fixture.press(.control("u"))
        let effects = fixture.press(.enter)
        #expect(effects == [.perform(.register(ClientSpec(name: "svc-filter", scopes: ["api.example.com/resource-217:read"])))])
    }

    @Test func aFilterMatchingNothingSaysSo() throws {
        let fixture = try Self.fixture(scopes: 3)
        fixture.press(.character("n"), .tab)
        fixture.type("nope")
        #expect(fixture.screen(80, 24).text.contains("no scope contains \"nope\""))
        fixture.press(.character(" "))
        #expect(Self.picked(fixture) == [])
    }

    /// The shortest terminal the console draws in: the form scrolls to the focused field.
    @Test func aShortTerminalScrollsTheFormToTheFocusedField() throws {
        let fixture = try Self.fixture(scopes: 40)
        fixture.press(.character("n"))
        for field in ["Name", "Scopes", "Token TTL", "Format", "Audiences", "Introspect"] {
            let screen = fixture.screen(40, 12)
            #expect(screen.text.contains("▸ " + field) || field == "Scopes" && screen.text.contains("▸ Scope"), "\(field)")
            fixture.press(.tab)
        }
    }
}

/// Text inputs: a cursor that moves, suggested values that typing replaces.
@Suite struct TextFieldTests {
    @Test func arrowsMoveTheCursorAndTypingInsertsThere() {
        var field = TextField(text: "svc")
        _ = field.edit(.left)
        _ = field.edit(.left)
        _ = field.edit(.character("X"))
        #expect(field.text == "sXvc")
        _ = field.edit(.delete)
        #expect(field.text == "sXc")
        _ = field.edit(.home)
        _ = field.edit(.backspace)
        _ = field.edit(.control("e"))
        _ = field.edit(.character("!"))
        #expect(field.text == "sXc!")
    }

    @Test func typingReplacesASuggestedValueAndACursorKeyKeepsIt() throws {
        let fixture = try ConsoleFixture()
        fixture.press(.character("n"), .tab, .tab)
        fixture.type("15m")
        guard case let .form(form)? = fixture.state.overlay else { Issue.record("no form"); return }
        #expect(form.ttl.text == "15m")

        var kept = TextField(text: "1h", suggested: true)
        _ = kept.edit(.left)
        _ = kept.edit(.character("2"))
        #expect(kept.text == "12h")
    }

    @Test func theCursorIsDrawnWhereItIs() throws {
        let fixture = try ConsoleFixture()
        fixture.press(.character("/"))
        fixture.type("svc")
        fixture.press(.left)
        let screen = fixture.screen(80, 24)
        #expect(screen.text(row: 23).hasPrefix("/svc"))
        #expect(screen[23, 3].role == .cursor && screen[23, 3].character == "c")
    }

    @Test func aLongNamesErrorShowsItsReasonFirst() throws {
        let fixture = try ConsoleFixture()
        fixture.press(.character("n"))
        fixture.type(String(repeating: "n", count: 140))
        fixture.press(.enter)
        let screen = fixture.screen(80, 24)
        #expect(screen.text.contains("✗ invalid client name (140 characters, at most 100)"))
    }
}
