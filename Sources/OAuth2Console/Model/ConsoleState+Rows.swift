import OAuth2Store

/// The rows each view lists, after the view's `/` filter. The Tokens view's rows are a
/// page of the store's listing, filtered by the store; the other lists are small and held
/// whole, filtered here.
extension ConsoleState {
    var clientRows: [ClientDetails] {
        let rows = snapshot.clients.filter { matches([$0.client.name, $0.id, $0.client.status.rawValue] + $0.scopes) }
        guard let clientOrder else { return rows }
        // Numbers biggest first; ties, and the name order, by name.
        let key: (ClientDetails) -> Int = switch clientOrder {
        case .name: { _ in 0 }
        case .live: { $0.liveTokens }
        case .rate: { tokensPerSecond(of: $0.id) }
        case .denials: { denialsPerMinute(of: $0.id) }
        }
        return rows.sorted { (key($1), $0.client.name) < (key($0), $1.client.name) }
    }

    func tokensPerSecond(of clientId: String) -> Int { clientThroughput[clientId]?.perSecond(at: now) ?? 0 }

    func denialsPerMinute(of clientId: String) -> Int { clientThroughput[clientId]?.failuresLastMinute(at: now) ?? 0 }

    /// The loaded page; row `index` of the listing is `tokenRows[index - snapshot.tokenRequest.offset]`.
    var tokenRows: [TokenRecord] { snapshot.tokens }

    var keyRows: [SigningKeyRecord] { snapshot.keys.filter { matches([$0.kid, $0.alg, $0.state.rawValue]) } }

    var scopeRows: [ScopeSummary] { snapshot.scopes.filter { matches([$0.name, $0.description]) } }

    var auditRows: [AuditEvent] {
        snapshot.audit.filter { matches([$0.actor.rawValue, $0.action, $0.subject, subjectName($0)]) }
    }

    var rowCount: Int {
        switch tab {
        case .clients: clientRows.count
        case .tokens: snapshot.tokenTotal
        case .keys: keyRows.count
        case .scopes: scopeRows.count
        case .audit: auditRows.count
        }
    }

    var selectedClient: ClientDetails? { clientRows[safe: selectedIndex] }
    var selectedToken: TokenRecord? { tokenRows[safe: selectedIndex - snapshot.tokenRequest.offset] }
    var selectedScope: ScopeSummary? { scopeRows[safe: selectedIndex] }

    /// The client a row is about, in views whose rows belong to a client.
    var selectedClientId: String? {
        switch tab {
        case .clients: selectedClient?.id
        case .tokens: selectedToken?.clientId
        default: nil
        }
    }

    /// An audit subject as a person reads it: client ids become names.
    func subjectName(_ event: AuditEvent) -> String {
        event.action.hasPrefix("client.") || event.action == "token.revoke_client"
            ? snapshot.clientName(event.subject) : event.subject
    }

    private func matches(_ fields: [String]) -> Bool {
        let needle = filter.lowercased()
        return needle.isEmpty || fields.contains { $0.lowercased().contains(needle) }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
