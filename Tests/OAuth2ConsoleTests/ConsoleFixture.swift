import Foundation
import OAuth2Core
import OAuth2Store
@testable import OAuth2Console

/// A real store in a temporary directory with a few scopes, clients, tokens and a key,
/// and a console state over it, at a fixed moment in UTC.
final class ConsoleFixture {
    let directory: URL
    let store: SQLiteStore
    let svcA: Registration
    let tokyo: Registration
    var state: ConsoleState
    private let ownsDirectory: Bool

    init() throws {
        ownsDirectory = true
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("oauth2-console-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SQLiteStore(path: directory.appendingPathComponent("oauth2.sqlite").path)
        _ = try store.addScope(name: "read", description: "read things", actor: .cli)
        _ = try store.addScope(name: "write", description: "write things", actor: .cli)
        svcA = try store.registerClient(ClientSpec(name: "svc-a", scopes: ["read"]), actor: .cli)
        tokyo = try store.registerClient(ClientSpec(name: "zoë 東京", scopes: ["read", "write"], tokenTtl: 900), actor: .cli)
        let now = Clock.system.now()
        try TokenInserter(store: store).insert([
            TokenRecord(jti: "019ae1f2c3a4aaaaaa11112222", clientId: svcA.client.id, scope: "read", audience: "http://rs", format: .jwt,
                        issuedAt: now - 120, expiresAt: now + 3480),
            TokenRecord(jti: "019ae1f2c3a5cccccc33334444", clientId: tokyo.client.id, scope: "read write", audience: "http://rs", format: .opaque,
                        issuedAt: now - 60, expiresAt: now + 840),
        ])
        try store.activate(SigningKeyRecord.generate(.es256), actor: .server)
        state = ConsoleState(server: ServerInfo(mode: .embedded, url: "http://127.0.0.1:8080", state: "listening", startedAt: now - 3725),
                             now: now, timeZone: TimeZone(identifier: "UTC")!)
        send(.loaded(try Snapshot.load(from: store)))
    }

    /// A second console over the same store file (as another process would open it).
    private init(sharing fixture: ConsoleFixture) throws {
        directory = fixture.directory
        store = try SQLiteStore(path: fixture.store.path)
        svcA = fixture.svcA
        tokyo = fixture.tokyo
        ownsDirectory = false
        state = ConsoleState(server: fixture.state.server, now: fixture.state.now, timeZone: fixture.state.timeZone)
        send(.loaded(try Snapshot.load(from: store)))
    }

    static func attach(to fixture: ConsoleFixture) throws -> ConsoleFixture { try ConsoleFixture(sharing: fixture) }

    deinit { if ownsDirectory { try? FileManager.default.removeItem(at: directory) } }

    /// Applies actions in turn; returns the effects of the last.
    @discardableResult
    func send(_ actions: Action...) -> [Effect] {
        var effects: [Effect] = []
        for action in actions { (state, effects) = update(state, action) }
        return effects
    }

    @discardableResult
    func press(_ keys: Key...) -> [Effect] {
        var effects: [Effect] = []
        for key in keys { effects = send(.key(key)) }
        return effects
    }

    func type(_ text: String) {
        for character in text { send(.key(.character(character))) }
    }

    func screen(_ width: Int, _ height: Int) -> Screen { render(state, width: width, height: height) }

    /// Runs an effect's store command as the runtime would and feeds back the outcome.
    func run(_ effects: [Effect]) throws {
        for case let .perform(command) in effects {
            for action in StoreCommandRunner(store: store).actions(for: command) { send(action) }
        }
        send(.loaded(try Snapshot.load(from: store)))
    }
}
