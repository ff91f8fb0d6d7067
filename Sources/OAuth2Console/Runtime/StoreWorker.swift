import Dispatch
import OAuth2Core
import OAuth2Server
import OAuth2Store

/// Runs store work on its own serial queue, off the UI thread, and posts the results back
/// as actions. It also watches the store for other processes' changes.
final class StoreWorker: Sendable {
    /// How often the store is checked for changes made by other processes.
    static let watchInterval = DispatchTimeInterval.seconds(1)

    private let store: Store
    private let inbox: Inbox
    private let queue = DispatchQueue(label: "oauth2.console.store")
    private let watcher: Locked<DispatchSourceTimer?> = Locked(nil)
    private let lastVersion: Locked<Int?> = Locked(nil)
    private let reloadQueued = Locked(false)

    init(store: Store, inbox: Inbox) {
        self.store = store
        self.inbox = inbox
    }

    /// Queues a reload unless one is already queued: under load the store changes every
    /// second, and a reload that takes longer than that must not pile up behind itself.
    func reload() {
        let alreadyQueued = reloadQueued.withLock { queued in
            defer { queued = true }
            return queued
        }
        guard !alreadyQueued else { return }
        queue.async { [self] in
            reloadQueued.withLock { $0 = false }
            do {
                inbox.post(.loaded(try Snapshot.load(from: store)))
            } catch {
                inbox.post(.failed("cannot read the store: \(error)"))
            }
        }
    }

    /// Reloads whenever `PRAGMA data_version` moves: a cheap query, once a second, that
    /// notices every commit by another connection, in this process or another.
    func startWatching() {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + Self.watchInterval, repeating: Self.watchInterval, leeway: .milliseconds(100))
        timer.setEventHandler { [self] in
            guard let version = try? store.dataVersion() else { return }
            let changed = lastVersion.withLock { last in
                defer { last = version }
                return last != version
            }
            if changed { reload() }
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
            inbox.post(StoreCommandRunner(store: store).outcome(of: command))
            reload()
        }
    }
}
