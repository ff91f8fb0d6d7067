import OAuth2Core
import OAuth2Store

/// Keys on the lists, dispatched through the key table.
extension ConsoleState {
    mutating func handle(_ key: Key) -> [Effect] {
        if overlay != nil { return handleOverlay(key) }
        guard let intent = Keymap.intent(for: key, in: tab) else { return [] }
        if detailOpen, scrollDetail(intent) { return [] }
        return perform(intent)
    }

    /// While the detail pane has the keys, moving keys scroll it.
    mutating func scrollDetail(_ intent: KeyIntent) -> Bool {
        guard let pane = layout.detail else { return false }
        let total = detailRows(width: pane.innerWidth).count
        let last = max(0, total - pane.innerHeight)
        let page = max(1, pane.innerHeight - 1)
        switch intent {
        case .down: detailScroll = min(last, detailScroll + 1)
        case .up: detailScroll = max(0, min(last, detailScroll) - 1)
        case .pageDown: detailScroll = min(last, detailScroll + page)
        case .pageUp: detailScroll = max(0, min(last, detailScroll) - page)
        case .home: detailScroll = 0
        case .end: detailScroll = last
        default: return false
        }
        return true
    }

    private mutating func perform(_ intent: KeyIntent) -> [Effect] {
        switch intent {
        case .quit:
            // Quitting stops the token endpoint this process serves: asked first.
            guard server.mode == .embedded, server.state.hasPrefix("listening") else {
                quitting = true
                return [.quit]
            }
            overlay = .confirm(Confirmation(quitting: "Quit? The token endpoint at \(server.url) stops serving (gracefully)."))
        case .help: overlay = .help(scroll: 0)
        case .showDenials: overlay = .denials
        case .nextTab: tab = tab.next
        case .previousTab: tab = tab.previous
        case let .show(target): tab = target
        case .down: select(selectedIndex + 1)
        case .up: select(selectedIndex - 1)
        case .pageDown: select(selectedIndex + pageSize)
        case .pageUp: select(selectedIndex - pageSize)
        case .home: select(0)
        case .end: select(rowCount - 1)
        case .open:
            detailOpen = true
            detailScroll = 0
        case .back:
            if detailOpen { detailOpen = false } else { filters[tab] = nil }
        case .filter: overlay = .filter(TextField(text: filter))
        case .commandLine: overlay = .commandLine(TextField())
        case .toggleFollow:
            log.toggleFollow()
            status = StatusMessage(kind: .ok, text: log.following ? "log: following" : "log: paused", at: now)
        case .logBack: log.scroll(by: logPageSize)
        case .logForward:
            log.scroll(by: -logPageSize)
            if log.following { status = StatusMessage(kind: .ok, text: "log: following", at: now) }
        case .followClient: followSelectedClient()
        case let .sortClients(order):
            let selected = selectedClient?.id
            clientOrder = order
            select(clientRows.firstIndex { $0.id == selected } ?? 0)
            status = StatusMessage(kind: .ok, text: "clients by \(order.column.lowercased())", at: now)
        default: return performAdmin(intent)
        }
        return []
    }

    /// The log pane's height: `[` and `]` move a page of it.
    private var logPageSize: Int { max(1, (layout.log?.innerHeight ?? 10) - 1) }

    private mutating func followSelectedClient() {
        guard let clientId = selectedClientId else { return }
        log.clientFilter = log.clientFilter == clientId ? nil : clientId
        let text = log.clientFilter.map { "log: only \(snapshot.clientName($0))" } ?? "log: all clients"
        status = StatusMessage(kind: .ok, text: text, at: now)
    }

    /// The admin actions: forms and prompts open here; confirmations guard destructive ones.
    private mutating func performAdmin(_ intent: KeyIntent) -> [Effect] {
        switch intent {
        case .newClient:
            overlay = .form(ClientForm(availableScopes: snapshot.scopes.map(\.name)))
        case .addScope:
            overlay = .prompt(Prompt(purpose: .addScope, field: TextField()))
        case .rotateKey:
            overlay = .confirm(Confirmation(question: "Rotate the signing key? The current key keeps verifying its tokens until they expire.",
                                            command: .rotateKey))
        case .revokeToken:
            guard let token = selectedToken else { return nothing("no token selected") }
            guard token.state(at: now) == .active else { return nothing("token \(JTIText.short(token.jti)) is already \(token.state(at: now).rawValue)") }
            overlay = .confirm(Confirmation(question: "Revoke token \(JTIText.short(token.jti)) of \(snapshot.clientName(token.clientId))?",
                                            command: .revokeToken(jti: token.jti)))
        case .deleteScope:
            guard let scope = selectedScope else { return nothing("no scope selected") }
            let users = scope.clientCount == 0 ? "" : " It is removed from the \(scope.clientCount) client(s) allowed it."
            overlay = .confirm(Confirmation(question: "Delete scope \(scope.name)?\(users)", command: .deleteScope(name: scope.name)))
        case .revokeClientTokens:
            guard let clientId = selectedClientId else { return nothing("no client selected") }
            let live = snapshot.clients.first { $0.id == clientId }?.liveTokens ?? 0
            overlay = .confirm(Confirmation(question: "Revoke all \(live) live token(s) of \(snapshot.clientName(clientId))?",
                                            command: .revokeClientTokens(clientId: clientId)))
        default:
            guard let client = selectedClient else { return nothing("no client selected") }
            return performOnClient(intent, client)
        }
        return []
    }

    private mutating func performOnClient(_ intent: KeyIntent, _ client: ClientDetails) -> [Effect] {
        let name = client.client.name
        switch intent {
        case .editClient:
            overlay = .form(ClientForm(editing: client, availableScopes: snapshot.scopes.map(\.name)))
        case .rotateSecret:
            // With two live secrets the store ends the older at once: the prompt says so first.
            var older: String?
            if client.secrets.count > 1, let secret = client.secrets.first {
                let grace = secret.expiresAt.map { " with \(DurationText.approximate(Int(max(0, $0 - now)))) of grace left" } ?? ""
                older = "\(secret.displayPrefix)…\(grace)"
            }
            overlay = .prompt(Prompt(purpose: .rotateGrace(clientId: client.id, clientName: name, endsOlder: older),
                                     field: TextField(text: Prompt.defaultGrace, suggested: true)))
        case .endOldSecret:
            guard client.secrets.count > 1, let old = client.secrets.first else {
                return nothing("\(name) has no old secret in its grace period")
            }
            overlay = .confirm(Confirmation(question: "End the old secret \(old.displayPrefix)… of \(name) now?",
                                            command: .expireSecret(clientId: client.id, displayPrefix: old.displayPrefix)))
        case .toggleStatus:
            if client.client.status == .active {
                overlay = .confirm(Confirmation(question: "Disable \(name)? It gets no new tokens until enabled.",
                                                command: .setStatus(clientId: client.id, .disabled)))
            } else {
                return [.perform(.setStatus(clientId: client.id, .active))]
            }
        case .deleteClient:
            overlay = .confirm(Confirmation(question: "Delete \(name) and revoke its \(client.liveTokens) live token(s)? This cannot be undone.",
                                            command: .deleteClient(clientId: client.id)))
        default:
            break
        }
        return []
    }

    private mutating func nothing(_ message: String) -> [Effect] {
        status = StatusMessage(kind: .warn, text: message, at: now)
        return []
    }
}
