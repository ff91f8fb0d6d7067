import OAuth2Core

/// Gathers the embedded server's events between two drains of the UI loop. Up to `burst`
/// events per second pass through one by one; beyond that they are only counted, per
/// client and kind, and come out as one summary line when the second ends. While the
/// flood lasts (the previous second overflowed too) none pass one by one, so the log holds
/// the summaries rather than a screenful of "issued" lines that push them out of view.
/// The console therefore never falls behind however fast tokens are issued, and memory
/// stays bounded.
struct LiveWindow: Sendable {
    static let burst = 20

    struct Summary: Equatable, Sendable {
        var kind: LogKind
        var clientId: String?
        var count: Int
    }

    /// What one drain hands to `update`.
    struct Batch: Equatable, Sendable {
        var events: [DomainEvent] = []
        var summaries: [Summary] = []
        /// Every issuance and denial, including summarised ones, for the header's rates.
        var issued = 0
        var denied = 0
        /// Issuances per client, for the Clients view's rates.
        var issuedByClient: [String: Int] = [:]
        /// Denials per reason and client, for the Clients view and the denials pane.
        var denials: [DenialKey: Int] = [:]
    }

    private var second: Int64 = 0
    private var passedThisSecond = 0
    private var flooded = false
    private var pending = Batch()
    private var overflow: [String: Summary] = [:]

    mutating func record(_ event: DomainEvent, at now: Int64) {
        rollOver(at: now)
        switch event {
        case let .tokenIssued(issued):
            pending.issued += 1
            pending.issuedByClient[issued.clientId, default: 0] += 1
        case let .tokenDenied(denied):
            pending.denied += 1
            pending.denials[DenialKey(reason: denied.reason, clientId: denied.clientId ?? ""), default: 0] += 1
        default: break
        }
        if !flooded && passedThisSecond < Self.burst || !Self.isRoutine(event) {
            passedThisSecond += 1
            pending.events.append(event)
            return
        }
        let (kind, clientId) = Self.classify(event)
        let key = "\(kind)|\(clientId ?? "")"
        overflow[key, default: Summary(kind: kind, clientId: clientId, count: 0)].count += 1
    }

    /// Takes what gathered since the last drain.
    mutating func drain(at now: Int64) -> Batch {
        rollOver(at: now)
        defer { pending = Batch() }
        return pending
    }

    private mutating func rollOver(at now: Int64) {
        guard now != second else { return }
        pending.summaries += overflow.values.sorted { ($0.clientId ?? "", "\($0.kind)") < ($1.clientId ?? "", "\($1.kind)") }
        // A flood ends with the first second that did not overflow (or a quiet gap).
        flooded = !overflow.isEmpty && now == second + 1
        overflow = [:]
        passedThisSecond = 0
        second = now
    }

    /// Issuances, denials and revocations come in floods; server state changes never do and
    /// are always shown.
    private static func isRoutine(_ event: DomainEvent) -> Bool {
        switch event {
        case .tokenIssued, .tokenDenied, .tokenRevoked: true
        case .serverStateChanged: false
        }
    }

    private static func classify(_ event: DomainEvent) -> (LogKind, String?) {
        switch event {
        case let .tokenIssued(issued): (.issued, issued.clientId)
        case let .tokenDenied(denied): (.denied, denied.clientId)
        case let .tokenRevoked(_, clientId, _): (.revoked, clientId)
        case .serverStateChanged: (.server, nil)
        }
    }
}
