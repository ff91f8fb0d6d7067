import OAuth2Core
import OAuth2Store

/// How results from the store and the embedded server change the state.
extension ConsoleState {
    mutating func absorb(_ fresh: Snapshot) {
        if server.mode == .attached && loaded { logNewTokens(in: fresh) }
        snapshot = fresh
        if loaded { logOtherProcessesActions() }
        lastAuditId = fresh.audit.first?.id ?? lastAuditId
        loaded = true
        for tab in Tab.allCases {
            let saved = self.tab
            self.tab = tab
            select(selectedIndex)
            self.tab = saved
        }
    }

    /// Changes made by the CLI, another console or the server appear in the log as they
    /// reach the store. This console's own actions are logged when they complete.
    private mutating func logOtherProcessesActions() {
        let known = lastAuditId ?? 0
        for event in snapshot.audit.reversed() where (event.id ?? 0) > known && event.actor != .console {
            let clientId = event.action.hasPrefix("client.") ? event.subject : nil
            log.append(LogEntry(at: event.at, kind: event.action.hasPrefix("token.revoke") ? .revoked : .admin,
                                clientId: clientId, text: "\(event.actor.rawValue): \(event.action) \(subjectName(event))"))
        }
    }

    /// In attach mode no events arrive from a server in this process: new token rows in the
    /// store stand for the issuances another process made.
    private mutating func logNewTokens(in fresh: Snapshot) {
        let seen = Set(snapshot.tokens.map(\.jti))
        let newest = snapshot.tokens.first?.issuedAt ?? 0
        let arrived = fresh.tokens.filter { !seen.contains($0.jti) && $0.issuedAt >= newest }
        throughput.record(issued: arrived.count, denied: 0, at: now)
        if arrived.count > LiveWindow.burst {
            for (clientId, tokens) in Dictionary(grouping: arrived, by: \.clientId).sorted(by: { $0.key < $1.key }) {
                log.append(LogEntry(at: now, kind: .summary, clientId: clientId,
                                    text: "+\(tokens.count.grouped) issued to \(fresh.clientName(clientId))"))
            }
            return
        }
        for token in arrived.reversed() {
            log.append(LogEntry(at: token.issuedAt, kind: .issued, clientId: token.clientId,
                                text: "issued \(token.jti.prefix(8)) to \(fresh.clientName(token.clientId)) [\(token.scope)]"))
        }
    }

    mutating func absorb(_ batch: LiveWindow.Batch) {
        throughput.record(issued: batch.issued, denied: batch.denied, at: now)
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

    private func entry(for event: DomainEvent) -> LogEntry {
        switch event {
        case let .tokenIssued(issued):
            LogEntry(at: now, kind: .issued, clientId: issued.clientId,
                     text: "issued \(issued.jti.prefix(8)) to \(snapshot.clientName(issued.clientId)) [\(issued.scope)]")
        case let .tokenDenied(denied):
            LogEntry(at: now, kind: .denied, clientId: denied.clientId,
                     text: "denied \(denied.clientId.map(snapshot.clientName) ?? "?") from \(denied.address): \(denied.reason)")
        case let .tokenRevoked(jti, clientId, by):
            LogEntry(at: now, kind: .revoked, clientId: clientId,
                     text: "revoked \(jti.prefix(8)) of \(snapshot.clientName(clientId)) by \(by.rawValue)")
        case let .serverStateChanged(text):
            LogEntry(at: now, kind: .server, text: "server \(text)")
        }
    }

    mutating func absorb(_ outcome: StoreOutcome) -> [Effect] {
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
