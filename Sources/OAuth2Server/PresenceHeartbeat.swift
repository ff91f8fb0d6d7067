import Dispatch
import Foundation
import NIOConcurrencyHelpers
import OAuth2Core
import OAuth2Store

/// Keeps this serving process's row in the store's `server_presence` fresh: its URL and its
/// running totals of tokens issued and requests denied, once a second. Consoles attached to
/// the store read it; a row that stops being refreshed tells them the process is gone.
/// The counting runs on the server's threads and only adds to two integers.
/// (`@unchecked`: a dispatch source is thread-safe, but Dispatch's overlay does not say so.)
public final class PresenceHeartbeat: @unchecked Sendable {
    public static let interval = DispatchTimeInterval.seconds(1)

    private struct Totals {
        var issued: Int64 = 0
        var denied: Int64 = 0
    }

    private let store: any Store
    private let id: String
    private let url: String
    private let startedAt: EpochSeconds
    private let totals = NIOLockedValueBox(Totals())
    private let queue = DispatchQueue(label: "oauth2.presence")
    private let timer: DispatchSourceTimer

    public init(store: any Store, url: String, events: EventHub) {
        self.store = store
        self.url = url
        let pid = ProcessInfo.processInfo.processIdentifier
        id = "\(ProcessInfo.processInfo.hostName):\(pid)"
        startedAt = store.clock.now()
        timer = DispatchSource.makeTimerSource(queue: queue)
        events.subscribe { [totals] event in
            switch event {
            case .tokenIssued: totals.withLockedValue { $0.issued += 1 }
            case .tokenDenied: totals.withLockedValue { $0.denied += 1 }
            default: break
            }
        }
    }

    /// Publishes now, then every `interval` until `stop`.
    public func start() {
        timer.schedule(deadline: .now(), repeating: Self.interval, leeway: .milliseconds(100))
        timer.setEventHandler { [self] in publish() }
        timer.resume()
    }

    /// Stops publishing and removes the row: attached consoles then see no server at once
    /// rather than after the row goes stale.
    public func stop() {
        timer.cancel()
        queue.sync {}
        try? store.withdrawPresence(id: id)
    }

    /// A failed write (the store busy for longer than its timeout) is skipped: the next
    /// second writes the totals again.
    private func publish() {
        let current = totals.withLockedValue { $0 }
        try? store.publish(ServerPresence(id: id, url: url, pid: Int64(ProcessInfo.processInfo.processIdentifier), startedAt: startedAt,
                                          seenAt: store.clock.now(), issued: current.issued, denied: current.denied))
    }
}
