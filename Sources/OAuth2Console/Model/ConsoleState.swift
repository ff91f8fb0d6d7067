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
    /// The detail pane of the selected row has the keys (j/k scroll it); on narrow
    /// terminals it then replaces the log.
    var detailOpen = false
    /// Rows of the detail pane scrolled past; back to 0 when the selection moves.
    var detailScroll = 0
    var overlay: Overlay?
    var log = LogPane()
    var throughput = Throughput()
    /// Each client's own rates, for the Clients view.
    var clientThroughput: [String: Throughput] = [:]
    /// Denials by reason and client over the last minutes (embedded endpoint only).
    var denialHistory = DenialHistory()
    /// How the Clients view is ordered (nil: as the store lists them, by name).
    var clientOrder: ClientOrder?
    var status: StatusMessage?
    var server: ServerInfo
    var now: EpochSeconds
    var themeName = "default"
    /// The time zone times are shown in (fixed in tests).
    var timeZone: TimeZone
    /// The highest audit id already reported in the log, to follow other processes' actions.
    var lastAuditId: Int64?
    /// Audit events this console wrote itself: logged when they completed, so the follower
    /// skips them (and only them: another console's actions are logged).
    var ownAuditIds: Set<Int64> = []
    /// The terminal's size, as last reported: paging moves by the rows the list shows.
    var width = 80
    var height = 24
    var quitting = false
    /// Attached: the token rows other processes committed since the console attached, all
    /// of them counted.
    var tokensFollowed = 0

    init(server: ServerInfo, now: EpochSeconds, timeZone: TimeZone = .current) {
        self.server = server
        self.now = now
        self.timeZone = timeZone
    }

    var selectedIndex: Int { selection[tab] ?? 0 }

    /// The page of tokens the Tokens view wants: its filter, and a page around the
    /// selection. The runtime loads it with every snapshot.
    var tokenRequest: TokenPageRequest {
        let current = TokenPageRequest(offset: snapshot.tokenRequest.offset, filter: filters[.tokens] ?? "")
        guard current.filter == snapshot.tokenRequest.filter else { return TokenPageRequest(offset: 0, filter: current.filter) }
        return current.recentred(on: selection[.tokens] ?? 0, loaded: snapshot.tokens.count) ?? current
    }
    var layout: Layout { Layout(width: width, height: height, detailOpen: detailOpen) }
    /// The rows the list shows at once: a page.
    var pageSize: Int { max(1, layout.list.innerHeight - 1) }
    var filter: String { filters[tab] ?? "" }
}
