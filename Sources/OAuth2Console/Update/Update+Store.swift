import OAuth2Core
import OAuth2Store

/// How results from the store and the embedded server change the state.
extension ConsoleState {
    mutating func absorb(_ fresh: Snapshot) {
        if server.mode == .attached { countPublishedDenials(in: fresh) }
        snapshot = fresh
        if loaded { logOtherProcessesActions() }
        lastAuditId = fresh.audit.first?.id ?? lastAuditId
        if let lastAuditId { ownAuditIds = ownAuditIds.filter { $0 > lastAuditId } }
        loaded = true
        for tab in Tab.allCases {
            let saved = self.tab
            self.tab = tab
            select(selectedIndex)
            self.tab = saved
        }
    }

    /// An attached console learns its denials from the totals the serving processes
    /// publish in the store (no other table records them).
    private mutating func countPublishedDenials(in fresh: Snapshot) {
        let live = fresh.servers.filter { !$0.isStale(at: now) }
        let before = Dictionary(snapshot.servers.map { ($0.id, $0.denied) }, uniquingKeysWith: max)
        // A process seen for the first time adds nothing (its total covers its whole life);
        // one that restarted under the same id counts again from zero.
        let denied = live.reduce(Int64(0)) { sum, presence in
            let previous = before[presence.id] ?? presence.denied
            return sum + (presence.denied >= previous ? presence.denied - previous : presence.denied)
        }
        throughput.record(issued: 0, denied: Int(denied), at: now)
    }

    /// Token rows other processes committed: counted into the rate by the second they were
    /// issued, logged one by one when few, else one summary line per client.
    mutating func absorb(_ arrivals: TokenArrivals) {
        tokensFollowed += arrivals.total
        for (second, count) in arrivals.perSecond.sorted(by: { $0.key < $1.key }) {
            throughput.record(issued: count, denied: 0, at: second)
        }
        throughput.record(issued: 0, denied: 0, at: now)
        // A look reads what the last second committed.
        recordPerClient(issued: arrivals.perClient, denied: [:], at: now - 1)
        if arrivals.total <= LiveWindow.burst {
            for token in arrivals.samples {
                log.append(LogEntry(at: now, kind: .issued, clientId: token.clientId,
                                    text: "issued \(JTIText.short(token.jti)) to \(snapshot.clientName(token.clientId)) [\(token.scope)]"))
            }
        } else {
            for (clientId, count) in arrivals.perClient.sorted(by: { $0.key < $1.key }) {
                log.append(LogEntry(at: now, kind: .summary, clientId: clientId,
                                    text: "+\(count.grouped) issued to \(snapshot.clientName(clientId))"))
            }
        }
        if arrivals.behind {
            log.append(LogEntry(at: now, kind: .error, text: "more new tokens than one look reads: the rest follow in the next"))
        }
    }

    /// Changes made by the CLI, other consoles or the server appear in the log as they
    /// reach the store. This console's own actions are logged when they complete, so the
    /// events they wrote are skipped here, and only those.
    private mutating func logOtherProcessesActions() {
        let known = lastAuditId ?? 0
        for event in snapshot.audit.reversed() where (event.id ?? 0) > known && !ownAuditIds.contains(event.id ?? 0) {
            let clientId = event.action.hasPrefix("client.") ? event.subject : nil
            log.append(LogEntry(at: event.at, kind: event.action.hasPrefix("token.revoke") ? .revoked : .admin,
                                clientId: clientId, text: "\(event.actor.rawValue): \(event.action) \(subjectName(event))"))
        }
    }

    mutating func absorb(_ batch: LiveWindow.Batch) {
        throughput.record(issued: batch.issued, denied: batch.denied, at: now)
        recordPerClient(issued: batch.issuedByClient, denied: batch.denials.reduce(into: [:]) { $0[$1.key.clientId, default: 0] += $1.value },
                        at: now)
        denialHistory.record(batch.denials, at: now)
        for event in batch.events {
            if case let .serverStateChanged(text) = event { server.state = String(text.prefix { $0 != " " }) }
            log.append(entry(for: event))
        }
        for summary in batch.summaries {
            let name = summary.clientId.map(snapshot.clientName) ?? "unknown clients"
            let verb = switch summary.kind {
            case .issued: "issued to"
            case .denied: "denied to"
            default: "revoked of"
            }
            log.append(LogEntry(at: now, kind: .summary, clientId: summary.clientId,
                                text: "+\(summary.count.grouped) \(verb) \(name) in 1s"))
        }
    }

    private mutating func recordPerClient(issued: [String: Int], denied: [String: Int], at second: EpochSeconds) {
        for clientId in Set(issued.keys).union(denied.keys) {
            clientThroughput[clientId, default: Throughput()].record(issued: issued[clientId] ?? 0, denied: denied[clientId] ?? 0,
                                                                      at: second)
        }
    }

    private func entry(for event: DomainEvent) -> LogEntry {
        switch event {
        case let .tokenIssued(issued):
            LogEntry(at: now, kind: .issued, clientId: issued.clientId,
                     text: "issued \(JTIText.short(issued.jti)) to \(snapshot.clientName(issued.clientId)) [\(issued.scope)]")
        case let .tokenDenied(denied):
            LogEntry(at: now, kind: .denied, clientId: denied.clientId,
                     text: "denied \(denied.clientId.map(snapshot.clientName) ?? "?") from \(denied.address): \(denied.reason)")
        case let .tokenRevoked(jti, clientId, by):
            LogEntry(at: now, kind: .revoked, clientId: clientId,
                     text: "revoked \(JTIText.short(jti)) of \(snapshot.clientName(clientId)) by \(by.rawValue)")
        case let .serverStateChanged(text):
            LogEntry(at: now, kind: .server, text: "server \(text)")
        }
    }

    mutating func absorb(_ outcome: StoreOutcome) -> [Effect] {
        _ = settleWaitingOverlay(refusal: nil)
        switch outcome {
        case let .done(message, clientId):
            report(.ok, message, kind: .admin, clientId: clientId)
        case let .secretIssued(registration, rotated):
            let name = registration.client.client.name
            // The log and status line name the secret by its display prefix only.
            let message = rotated
                ? "rotated the secret of \(name): new \(registration.secret.displayPrefix)…"
                : "registered client \(name) (\(registration.client.id)), secret \(registration.secret.displayPrefix)…"
            report(.ok, message, kind: .admin, clientId: registration.client.id)
            overlay = .reveal(SecretReveal(clientName: name, clientId: registration.client.id,
                                           secret: registration.secret.plaintext, rotated: rotated))
        }
        return [.reload]
    }
}
