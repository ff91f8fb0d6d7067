import Foundation
import OAuth2Core
import OAuth2Store
import Testing
@testable import OAuth2Console

/// The console's watch on the store: a serving process's presence row, refreshed every
/// second, must not cost a reload of everything; any other change must.
@Suite struct StoreWatchTests {
    /// The actions the watcher posts within `seconds` (it looks once a second).
    private func actionsPosted(by worker: StoreWorker, to inbox: Inbox, within seconds: TimeInterval,
                               until done: ([Action]) -> Bool) -> [Action] {
        var actions: [Action] = []
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline, !done(actions) {
            actions += inbox.drain().actions
            Thread.sleep(forTimeInterval: 0.05)
        }
        return actions
    }

    private static func isFullReload(_ action: Action) -> Bool {
        if case .loaded = action { return true }
        return false
    }

    private static func isPresenceOnly(_ action: Action) -> Bool {
        if case .serversSeen = action { return true }
        return false
    }

    @Test func aPresenceRefreshReadsOnlyTheServersAndAnAdminChangeReloads() throws {
        let fixture = try ConsoleFixture()
        let inbox = Inbox()
        let worker = StoreWorker(store: fixture.store, inbox: inbox, followsTokens: false)
        worker.startWatching()
        defer { worker.stop() }
        // Another connection (as another process would) writes: the first look after
        // watching starts reloads, whatever changed, to learn the mark.
        let other = try SQLiteStore(path: fixture.store.path)
        let now = Clock.system.now()
        var presence = ServerPresence(id: "host:1", url: "http://127.0.0.1:9", pid: 1, startedAt: now, seenAt: now, issued: 0, denied: 0)
        try other.publish(presence)
        _ = actionsPosted(by: worker, to: inbox, within: 5) { $0.contains(where: Self.isFullReload) }

        presence.seenAt += 1
        presence.denied = 3
        try other.publish(presence)
        let afterPresence = actionsPosted(by: worker, to: inbox, within: 5) { $0.contains(where: Self.isPresenceOnly) }
        let (serversRead, reloaded) = (afterPresence.contains(where: Self.isPresenceOnly), afterPresence.contains(where: Self.isFullReload))
        #expect(serversRead)
        #expect(!reloaded, "a presence refresh alone reloaded everything")

        _ = try other.addScope(name: "audit:read", description: "", actor: .cli)
        let reloadedAfterScope = actionsPosted(by: worker, to: inbox, within: 5) { $0.contains(where: Self.isFullReload) }
            .contains(where: Self.isFullReload)
        #expect(reloadedAfterScope, "an admin change reloads")
    }
}
