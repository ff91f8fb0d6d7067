import Foundation
import Testing
import OAuth2Core
import OAuth2Store
@testable import OAuth2Console

/// A seeded generator (SplitMix64), so a failing case can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Rendering never traps and never draws a dialog outside its box, whatever the state and
/// the terminal's size: random states (many rows, long and wide names, every overlay) at
/// random sizes from 20×8 to 300×100.
@Suite struct RenderPropertyTests {
    static let words = ["api.example.com/resource-", "billing", "zoë 東京 ", "🚀", "a-very-long-name-that-goes-on-and-on-",
                        "x", "", "réservations:write", "\t", "scope:read"]

    static func text(_ random: inout SeededGenerator, maxWords: Int) -> String {
        (0..<Int.random(in: 0...maxWords, using: &random)).map { _ in words.randomElement(using: &random)! }.joined()
    }

    /// A store holding hundreds of scopes, dozens of clients with long names and a
    /// thousand tokens in every state.
    static func bigFixture() throws -> ConsoleFixture {
        let fixture = try ConsoleFixture()
        var random = SeededGenerator(seed: 7)
        for index in 0..<300 {
            _ = try fixture.store.addScope(name: "api.example.com/resource-\(index):read", description: text(&random, maxWords: 8),
                                           actor: .cli)
        }
        let scopes = try fixture.store.listScopes().map(\.name)
        var clients: [String] = []
        for index in 0..<40 {
            let name = String((text(&random, maxWords: 6).filter { $0 != "\t" } + "client-\(index)").prefix(100))
                .trimmingCharacters(in: .whitespaces)
            let picked = Array(scopes.shuffled(using: &random).prefix(Int.random(in: 0...60, using: &random)))
            clients.append(try fixture.store.registerClient(ClientSpec(name: name, scopes: picked), actor: .cli).client.id)
        }
        let now = fixture.state.now
        try TokenInserter(store: fixture.store).insert((0..<1000).map { index in
            TokenRecord(jti: TokenRecord.makeJTI(at: Date(timeIntervalSince1970: TimeInterval(now - Int64(index)))),
                        clientId: clients[index % clients.count], scope: scopes.prefix(index % 7).joined(separator: " "),
                        audience: "https://rs.example.com/\(index)", format: index % 2 == 0 ? .jwt : .opaque,
                        issuedAt: now - Int64(index), expiresAt: now + Int64(index % 5 == 0 ? -10 : 3600))
        })
        fixture.send(.loaded(try Snapshot.load(from: fixture.store)))
        return fixture
    }

    static func randomOverlay(_ state: ConsoleState, _ random: inout SeededGenerator) -> Overlay? {
        var field = TextField(text: text(&random, maxWords: 20), suggested: Bool.random(using: &random))
        for _ in 0..<Int.random(in: 0...30, using: &random) { _ = field.edit(Bool.random(using: &random) ? .left : .right) }
        switch Int.random(in: 0...9, using: &random) {
        case 0: return .help(scroll: Int.random(in: 0...1000, using: &random))
        case 9: return .denials
        case 1: return .filter(field)
        case 2: return .commandLine(field)
        case 3, 4:
            var form = ClientForm(availableScopes: Array(state.snapshot.scopes.map(\.name).prefix(Int.random(in: 0...300, using: &random))))
            form.name = field
            form.pickedScopes = Set(form.availableScopes.shuffled(using: &random).prefix(Int.random(in: 0...40, using: &random)))
            form.focus = ClientForm.Field.allCases.randomElement(using: &random)!
            if Bool.random(using: &random) { form.scopeFilter = ["resource-1", "zzz", "", ":read"].randomElement(using: &random)! }
            form.scopeCursor = Int.random(in: 0...max(0, form.shownScopes.count - 1), using: &random)
            if Bool.random(using: &random) { form.problem = text(&random, maxWords: 30) }
            return .form(form)
        case 5:
            return .prompt(Prompt(purpose: Bool.random(using: &random) ? .addScope
                                  : .rotateGrace(clientId: "c", clientName: text(&random, maxWords: 20),
                                                 endsOlder: Bool.random(using: &random) ? "o2s_abcd…" : nil),
                                  field: field, problem: Bool.random(using: &random) ? text(&random, maxWords: 30) : nil))
        case 6: return .confirm(Confirmation(question: text(&random, maxWords: 40), command: .rotateKey))
        case 7:
            return .reveal(SecretReveal(clientName: text(&random, maxWords: 20), clientId: "id", secret: "o2s_" + text(&random, maxWords: 3),
                                        rotated: Bool.random(using: &random), copied: Bool.random(using: &random)))
        default: return nil
        }
    }

    static func randomState(from base: ConsoleState, _ random: inout SeededGenerator) -> ConsoleState {
        var state = base
        state.snapshot.clients = Array(base.snapshot.clients.prefix(Int.random(in: 0...40, using: &random)))
        state.snapshot.tokens = Array(base.snapshot.tokens.prefix(Int.random(in: 0...1000, using: &random)))
        state.snapshot.scopes = Array(base.snapshot.scopes.prefix(Int.random(in: 0...302, using: &random)))
        state.snapshot.liveTokens = Int.random(in: 0...2_000_000_000, using: &random)
        state.tab = Tab.allCases.randomElement(using: &random)!
        state.selection[state.tab] = Int.random(in: -3...1200, using: &random)
        if Bool.random(using: &random) { state.filters[state.tab] = text(&random, maxWords: 2) }
        state.detailOpen = Bool.random(using: &random)
        state.server.url = "http://" + text(&random, maxWords: 10)
        state.server.startedAt = state.now - Int64.random(in: 0...10_000_000, using: &random)
        for second in 0..<Int64.random(in: 0...5, using: &random) {
            state.throughput.record(issued: Int.random(in: 0...1_000_000, using: &random), denied: Int.random(in: 0...100_000, using: &random),
                                    at: state.now - second)
        }
        for _ in 0..<Int.random(in: 0...300, using: &random) {
            state.log.append(LogEntry(at: state.now, kind: [.issued, .denied, .summary, .admin].randomElement(using: &random)!,
                                      text: text(&random, maxWords: 30)))
        }
        if Bool.random(using: &random) { state.log.scroll(by: Int.random(in: -50...500, using: &random)) }
        if Bool.random(using: &random) { state.status = StatusMessage(kind: .error, text: text(&random, maxWords: 40), at: state.now) }
        state.clientOrder = ClientOrder.allCases.randomElement(using: &random)
        for client in state.snapshot.clients.prefix(Int.random(in: 0...40, using: &random)) {
            state.clientThroughput[client.id, default: Throughput()].record(issued: Int.random(in: 0...100_000, using: &random),
                                                                            denied: Int.random(in: 0...1_000, using: &random), at: state.now - 1)
            state.denialHistory.record([DenialKey(reason: text(&random, maxWords: 3), clientId: client.id): Int.random(in: 1...9_999, using: &random)],
                                       at: state.now)
        }
        state.detailScroll = Int.random(in: 0...200, using: &random)
        state.overlay = randomOverlay(state, &random)
        return state
    }

    @Test func randomStatesAtRandomSizesNeverTrapAndDialogsStayInTheirBox() throws {
        let fixture = try Self.bigFixture()
        var random = SeededGenerator(seed: 20_261_202)
        for _ in 0..<400 {
            let state = Self.randomState(from: fixture.state, &random)
            let width = Int.random(in: 20...300, using: &random)
            let height = Int.random(in: 8...100, using: &random)
            let screen = render(state, width: width, height: height)
            #expect(screen.width == width && screen.height == height)
            guard width >= 40, height >= 12, let overlay = state.overlay else { continue }
            switch overlay {
            case .filter, .commandLine: continue
            default: break
            }
            // A dialog covers the middle: the header and the status line stay as they were.
            var bare = state
            bare.overlay = nil
            let under = render(bare, width: width, height: height)
            #expect(screen.text(row: 0) == under.text(row: 0), "\(width)×\(height) \(overlay)")
            #expect(screen.text(row: height - 1) == under.text(row: height - 1), "\(width)×\(height) \(overlay)")
        }
    }
}
