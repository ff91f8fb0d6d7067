import Testing
import OAuth2Core
import OAuth2Store
@testable import OAuth2Console

/// Forms, prompts, confirmations and the secret dialog, run through the real store.
@Suite struct AdminActionTests {
    @Test(arguments: ViewRenderTests.sizes)
    func registeringThroughTheFormShowsTheSecretOnceAndForgetsIt(width: Int, height: Int) throws {
        let fixture = try ConsoleFixture()
        fixture.press(.character("n"))
        var screen = fixture.screen(width, height)
        #expect(screen.text.contains("Register client"))
        #expect(screen.text.contains("▸ Name"))
        #expect(screen.text.contains("[ ] read [ ] write"))
        #expect(screen.text.contains("Token TTL   1h"))
        #expect(screen.text.contains("(•) jwt  ( ) opaque"))
        fixture.type("billing")
        fixture.press(.tab, .right, .character(" "), .tab, .tab, .character(" "))
        screen = fixture.screen(width, height)
        #expect(screen.text.contains("[ ] read [x] write"))
        #expect(screen.text.contains("( ) jwt  (•) opaque"))
        let effects = fixture.press(.enter)
        #expect(effects == [.perform(.register(ClientSpec(name: "billing", scopes: ["write"], tokenFormat: .opaque)))])
        try fixture.run(effects)

        guard case let .reveal(reveal)? = fixture.state.overlay else { Issue.record("no secret dialog"); return }
        screen = fixture.screen(width, height)
        #expect(screen.text.contains("Client billing registered"))
        #expect(screen.text.contains("client_secret  \(reveal.secret)"))
        #expect(screen.text.contains("This secret will not be shown again."))
        #expect(reveal.secret.hasPrefix("o2s_"))
        #expect(fixture.press(.character("c")) == [.copyToClipboard(reveal.secret)])
        #expect(fixture.screen(width, height).text.contains("Sent to the terminal's clipboard (OSC 52)"))
        fixture.press(.enter)
        #expect(fixture.state.overlay == nil)
        // Once the dialog is closed the plaintext is nowhere: not in the state, not on screen.
        #expect(!"\(fixture.state)".contains(reveal.secret))
        #expect(!fixture.screen(width, height).text.contains(reveal.secret))
        #expect(fixture.state.log.entries.last?.text.contains("registered client billing") == true)
        #expect(try fixture.store.listClients().map(\.client.name).contains("billing"))
    }

    @Test(arguments: ViewRenderTests.sizes)
    func badFormInputIsExplainedAndNothingIsWritten(width: Int, height: Int) throws {
        let fixture = try ConsoleFixture()
        fixture.press(.character("n"))
        fixture.press(.tab, .tab, .control("u"))
        fixture.type("90x")
        fixture.press(.up, .up)
        fixture.type("ok-name")
        #expect(fixture.press(.enter) == [])
        let screen = fixture.screen(width, height)
        #expect(screen.text.contains("✗ invalid token TTL \"90x\": a number and s, m, h or d, from 1s to 30d"))
        #expect(screen.text(row: height - 1).contains("invalid token TTL"))
        fixture.press(.control("u"))
        #expect(fixture.press(.enter) == [])
        #expect(fixture.screen(width, height).text.contains("✗ invalid client name (1 to 100 characters, no edge spaces)"))
        fixture.press(.escape)
        #expect(fixture.state.overlay == nil)
        #expect(try fixture.store.listClients().count == 2)
    }

    /// A name already taken is refused by the store: the form stays open with the input
    /// kept and says why, in the form itself.
    @Test(arguments: ViewRenderTests.sizes)
    func storeRefusalsKeepTheFormAndSayWhyInIt(width: Int, height: Int) throws {
        let fixture = try ConsoleFixture()
        fixture.press(.character("n"))
        fixture.type("svc-a")
        fixture.press(.tab, .right, .character(" "))
        try fixture.run(fixture.press(.enter))
        let screen = fixture.screen(width, height)
        #expect(screen.text.contains("Register client"))
        #expect(screen.text.contains("✗ a client named \"svc-a\" already exists"))
        #expect(screen.text(row: height - 1).contains("a client named \"svc-a\" already exists"))
        #expect(fixture.state.log.entries.last?.kind == .error)
        guard case let .form(form)? = fixture.state.overlay else { Issue.record("the form closed"); return }
        #expect(form.name.text == "svc-a" && form.pickedScopes == ["write"])
        fixture.press(.tab, .tab, .tab, .tab, .tab)
        fixture.type("2")
        try fixture.run(fixture.press(.enter))
        guard case .reveal? = fixture.state.overlay else { Issue.record("no secret dialog"); return }
        #expect(try fixture.store.listClients().map(\.client.name).contains("svc-a2"))
    }

    @Test func aScopeNameAlreadyTakenKeepsThePrompt() throws {
        let fixture = try ConsoleFixture()
        fixture.press(.character("4"), .character("a"))
        fixture.type("read again")
        try fixture.run(fixture.press(.enter))
        guard case let .prompt(prompt)? = fixture.state.overlay else { Issue.record("the prompt closed"); return }
        #expect(prompt.field.text == "read again")
        #expect(fixture.screen(80, 24).text.contains("✗ "))
        #expect(fixture.screen(80, 24).text.contains("already exists"))
    }

    /// With two live secrets a rotation ends the older one at once: the prompt says so
    /// before anything happens.
    @Test func rotatingWithTwoLiveSecretsWarnsThatTheOlderEnds() throws {
        let fixture = try ConsoleFixture()
        _ = try fixture.store.rotateSecret(clientId: fixture.svcA.client.id, grace: 3600, actor: .cli)
        fixture.send(.loaded(try Snapshot.load(from: fixture.store)))
        fixture.press(.character("r"))
        let text = fixture.screen(80, 24).text.replacingOccurrences(of: "│", with: "")
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(text.contains("svc-a has two live secrets: rotating ends the older one, \(fixture.svcA.secret.displayPrefix)… with 1h of grace left, now."))
    }

    @Test(arguments: ViewRenderTests.sizes)
    func revokingATokenConfirmsFirst(width: Int, height: Int) throws {
        let fixture = try ConsoleFixture()
        fixture.press(.character("2"), .character("x"))
        #expect(fixture.screen(width, height).text.contains("Revoke token 33334444 of zoë 東京?"))
        #expect(fixture.screen(width, height).text.contains("y/Enter confirm · n/Esc cancel"))
        fixture.press(.character("n"))
        #expect(fixture.state.overlay == nil && fixture.state.status?.text == "cancelled")
        fixture.press(.character("x"))
        try fixture.run(fixture.press(.character("y")))
        #expect(try fixture.store.token(jti: "019ae1f2c3a5cccccc33334444")?.revokedAt != nil)
        let screen = fixture.screen(width, height)
        #expect(screen.text(row: 4).contains("revoked"))
        #expect(screen.text.contains("revoked token 33334444"))
        #expect(try fixture.store.listAudit(limit: 1).first?.actor == .console)
    }

    @Test func rotatingAsksTheGraceWithADefaultAndRevealsTheNewSecret() throws {
        let fixture = try ConsoleFixture()
        fixture.press(.character("r"))
        let screen = fixture.screen(80, 24)
        #expect(screen.text.contains("Grace for the old secret of svc-a"))
        #expect(screen.text.contains("1h█"))
        fixture.press(.backspace, .backspace)
        fixture.type("soon")
        #expect(fixture.press(.enter) == [])
        #expect(fixture.state.status?.text.contains("invalid grace \"soon\"") == true)
        fixture.press(.control("u"))
        fixture.type("30m")
        let effects = fixture.press(.enter)
        #expect(effects == [.perform(.rotateSecret(clientId: fixture.svcA.client.id, grace: 1800))])
        try fixture.run(effects)
        #expect(fixture.screen(80, 24).text.contains("New secret of svc-a"))
        fixture.press(.escape)
        #expect(fixture.screen(132, 43).text(row: 4).contains("2 · grace 30m"))
        fixture.press(.character("o"))
        #expect(fixture.screen(80, 24).text.contains("End the old secret \(fixture.svcA.secret.displayPrefix)… of svc-a now?"))
        try fixture.run(fixture.press(.enter))
        #expect(try fixture.store.client(id: fixture.svcA.client.id).secrets.count == 1)
    }

    @Test func disableEnableDeleteAndEdit() throws {
        let fixture = try ConsoleFixture()
        fixture.press(.character("d"))
        #expect(fixture.screen(80, 24).text.contains("Disable svc-a?"))
        try fixture.run(fixture.press(.character("y")))
        #expect(fixture.screen(80, 24).text(row: 4).contains("disabled"))
        try fixture.run(fixture.press(.character("d")))
        #expect(fixture.screen(80, 24).text(row: 4).contains("active"))
        fixture.press(.character("e"))
        #expect(fixture.screen(80, 24).text.contains("Edit client"))
        fixture.press(.tab, .right, .character(" "), .tab, .control("u"))
        fixture.type("5m")
        try fixture.run(fixture.press(.enter))
        let edited = try fixture.store.client(id: fixture.svcA.client.id)
        #expect(edited.scopes == ["read", "write"] && edited.client.tokenTtl == 300)
        fixture.press(.character("D"))
        #expect(fixture.screen(80, 24).text.contains("Delete svc-a and revoke its 1 live token(s)?"))
        try fixture.run(fixture.press(.enter))
        #expect(try fixture.store.listClients().map(\.client.name) == ["zoë 東京"])
    }

    @Test func scopesAndKeys() throws {
        let fixture = try ConsoleFixture()
        fixture.press(.character("4"), .character("a"))
        #expect(fixture.screen(80, 24).text.contains("Scope name, then an optional description:"))
        fixture.type("bad\\scope")
        #expect(fixture.press(.enter) == [])
        #expect(fixture.state.status?.kind == .error)
        fixture.press(.control("u"))
        fixture.type("admin full access")
        try fixture.run(fixture.press(.enter))
        #expect(fixture.screen(80, 24).text(row: 4).contains("admin") && fixture.screen(80, 24).text(row: 4).contains("full access"))
        fixture.press(.character("D"))
        try fixture.run(fixture.press(.character("y")))
        #expect(try fixture.store.listScopes().map(\.name) == ["read", "write"])
        fixture.press(.character("3"), .character("K"))
        #expect(fixture.screen(80, 24).text.contains("Rotate the signing key?"))
        try fixture.run(fixture.press(.character("y")))
        let keys = try fixture.store.listKeys()
        #expect(keys.map(\.state).sorted { $0.rawValue < $1.rawValue } == [.active, .retiring])
        #expect(fixture.screen(80, 24).text.contains("Keys (2)") && fixture.screen(80, 24).text.contains("retiring"))
    }

    @Test func revokingEveryTokenOfAClient() throws {
        let fixture = try ConsoleFixture()
        fixture.press(.character("X"))
        #expect(fixture.screen(80, 24).text.contains("Revoke all 1 live token(s) of svc-a?"))
        try fixture.run(fixture.press(.enter))
        #expect(try fixture.store.liveTokenCount() == 1)
        #expect(fixture.state.status?.text == "revoked 1 token(s) of svc-a")
    }
}
