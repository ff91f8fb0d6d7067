import Dispatch
import Foundation
import OAuth2Core
import OAuth2Store

/// Runs store work on its own serial queue, off the UI thread, and posts the results back
/// as actions. It also watches the store for other processes' changes.
final class StoreWorker: Sendable {
    /// How often the store is checked for changes made by other processes.
    static let watchInterval = DispatchTimeInterval.seconds(1)

    private let store: any Store
    private let inbox: Inbox
    private let queue = DispatchQueue(label: "oauth2.console.store")
    private let watcher: Locked<DispatchSourceTimer?> = Locked(nil)
    private let lastVersion: Locked<Int?> = Locked(nil)
    private let lastMark: Locked<ChangeMark?> = Locked(nil)
    private let reloadQueued = Locked(false)
    /// The page of tokens the next reload reads: the latest the console asked for.
    private let tokenRequest = Locked(TokenPageRequest())
    /// Set when attached: follows the token rows other processes commit.
    private let follower: Locked<TokenFollower?>

    init(store: any Store, inbox: Inbox, followsTokens: Bool) {
        self.store = store
        self.inbox = inbox
        follower = Locked(followsTokens ? TokenFollower(fromMillis: UInt64(Date().timeIntervalSince1970 * 1000)) : nil)
    }

    /// Queues a reload unless one is already queued: under load the store changes every
    /// second, and a reload that takes longer than that must not pile up behind itself.
    func reload(tokens request: TokenPageRequest? = nil) {
        if let request { tokenRequest.withLock { $0 = request } }
        let alreadyQueued = reloadQueued.withLock { queued in
            defer { queued = true }
            return queued
        }
        guard !alreadyQueued else { return }
        queue.async { [self] in
            reloadQueued.withLock { $0 = false }
            do {
                inbox.post(.loaded(try Snapshot.load(from: store, tokens: tokenRequest.withLock { $0 })))
            } catch {
                inbox.post(.failed("cannot read the store: \(error)"))
            }
        }
    }

    /// Reads the token rows committed since the last look and posts what arrived.
    private func follow() {
        guard var current = follower.withLock({ $0 }) else { return }
        do {
            let range = current.range
            let arrivals = current.absorb(try store.tokenArrivals(jtiFrom: range.from, below: range.below,
                                                                   limit: TokenFollower.rowsPerLook))
            follower.withLock { $0 = current }
            if arrivals.total > 0 || arrivals.behind { inbox.post(.arrived(arrivals)) }
        } catch {
            inbox.post(.failed("cannot follow new tokens: \(error)"))
        }
    }

    /// Looks once a second whether `PRAGMA data_version` moved, a cheap query that notices
    /// every commit by another connection, in this process or another. Then it reloads
    /// everything if the store's `ChangeMark` moved too, else (a serving process's presence
    /// row, refreshed every second) only the serving processes.
    func startWatching() {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + Self.watchInterval, repeating: Self.watchInterval, leeway: .milliseconds(100))
        timer.setEventHandler { [self] in
            guard let version = try? store.dataVersion(),
                  lastVersion.withLock({ last in defer { last = version }; return last != version }),
                  let mark = try? store.changeMark()
            else { return }
            let changed = lastMark.withLock { last in
                defer { last = mark }
                return last != mark
            }
            if changed {
                follow()
                reload()
            } else if let servers = try? store.listPresence() {
                inbox.post(.serversSeen(servers))
            }
        }
        timer.resume()
        watcher.withLock { $0 = timer }
    }

    func stop() {
        watcher.withLock { $0?.cancel() }
        queue.sync {}
    }

    func perform(_ command: StoreCommand) {
        queue.async { [self] in
            for action in StoreCommandRunner(store: store).actions(for: command) { inbox.post(action) }
            reload()
        }
    }
}
