import Foundation
import OAuth2Store

/// Everything on screen and why. Changed only by `update`; drawn only by `render`.
struct ConsoleState: Equatable, Sendable {
    var tab = Tab.clients
    var snapshot = Snapshot()
    /// Whether a first snapshot arrived (until then the lists say "loading").
    var loaded = false
    var selection: [Tab: Int] = [:]
    var filters: [Tab: String] = [:]
    /// The detail pane of the selected row (on narrow terminals it replaces the log).
    var detailOpen = false
    var overlay: Overlay?
    var log = LogPane()
    var throughput = Throughput()
    var status: StatusMessage?
    var server: ServerInfo
    var now: EpochSeconds
    var themeName = "default"
    /// The time zone times are shown in (fixed in tests).
    var timeZone: TimeZone
    /// The highest audit id already reported in the log, to follow other processes' actions.
    var lastAuditId: Int64?
    var quitting = false

    init(server: ServerInfo, now: EpochSeconds, timeZone: TimeZone = .current) {
        self.server = server
        self.now = now
        self.timeZone = timeZone
    }

    var selectedIndex: Int { selection[tab] ?? 0 }
    var filter: String { filters[tab] ?? "" }
}
