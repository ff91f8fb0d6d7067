import OAuth2Core
import OAuth2Store

/// The list of the current view: its columns and rows.
extension ConsoleState {
    func drawList(on screen: inout Screen, in box: Box) {
        let filterNote = filter.isEmpty ? "" : "  /\(filter)"
        box.draw(on: &screen, title: "\(tab.title) (\(countText))\(filterNote)")
        let empty = loaded ? (filter.isEmpty ? emptyText : "nothing matches /\(filter)") : "loading…"
        switch tab {
        case .clients: Table(columns: clientColumns, rows: clientRows, selected: selectedIndex, emptyText: empty).draw(on: &screen, in: box)
        case .tokens:
            Table(columns: tokenColumns, rows: tokenRows, selected: selectedIndex, emptyText: empty,
                  firstRow: snapshot.tokenRequest.offset, total: snapshot.tokenTotal).draw(on: &screen, in: box)
        case .keys: Table(columns: keyColumns, rows: keyRows, selected: selectedIndex, emptyText: empty).draw(on: &screen, in: box)
        case .scopes: Table(columns: scopeColumns, rows: scopeRows, selected: selectedIndex, emptyText: empty).draw(on: &screen, in: box)
        case .audit: Table(columns: auditColumns, rows: auditRows, selected: selectedIndex, emptyText: empty).draw(on: &screen, in: box)
        }
    }

    /// How many rows: for tokens, how many of the whole listing are loaded ("500 of
    /// 103,041"), the count stopping at a cap.
    private var countText: String {
        guard tab == .tokens, snapshot.tokenTotal > tokenRows.count else { return rowCount.grouped }
        let capped = snapshot.tokenTotal >= TokenPageRequest.countCap ? "+" : ""
        return "\(tokenRows.count.grouped) of \(snapshot.tokenTotal.grouped)\(capped)"
    }

    private var emptyText: String {
        switch tab {
        case .clients: "no clients yet: press n to register one"
        case .tokens: "no tokens issued yet"
        case .keys: "no signing key yet: press K to create one"
        case .scopes: "no scopes yet: press a to add one"
        case .audit: "no audit events yet"
        }
    }

    /// A heading, with an arrow when the list is sorted by it.
    private func heading(_ order: ClientOrder) -> String {
        order.column + (clientOrder == order ? (order == .name ? "↑" : "↓") : "")
    }

    private var clientColumns: [TableColumn<ClientDetails>] {
        [TableColumn(title: heading(.name), width: nil, least: 12) { $0.client.name },
         TableColumn(title: "ID", width: 20, dropOrder: 1) { $0.id },
         TableColumn(title: "STATUS", width: 8, fitsContent: true, text: { $0.client.status.rawValue },
                     role: { $0.client.status == .active ? .ok : .warn }),
         TableColumn(title: "SCOPES", width: nil, dropOrder: 2, least: 10) { $0.scopes.joined(separator: " ") },
         TableColumn(title: "SECRETS", width: 14, dropOrder: 5) { secretsText($0) },
         TableColumn(title: heading(.live), width: 13, alignRight: true, fitsContent: true) { $0.liveTokens.grouped },
         TableColumn(title: heading(.rate), width: 8, alignRight: true, fitsContent: true, dropOrder: 3) {
             tokensPerSecond(of: $0.id).compact },
         TableColumn(title: heading(.denials), width: 9, alignRight: true, fitsContent: true, dropOrder: 4,
                     text: { denialsPerMinute(of: $0.id).compact }, role: { denialsPerMinute(of: $0.id) > 0 ? .warn : nil })]
    }

    /// `1 · 3d` (count and age of the newest), or the old one's grace countdown.
    func secretsText(_ client: ClientDetails) -> String {
        guard let newest = client.secrets.last else { return "none" }
        if client.secrets.count > 1, let ending = client.secrets.first?.expiresAt {
            return "2 · grace \(DurationText.approximate(Int(max(0, ending - now))))"
        }
        return "\(client.secrets.count) · \(DurationText.approximate(Int(max(0, now - newest.createdAt))))"
    }

    private var tokenColumns: [TableColumn<TokenRecord>] {
        [TableColumn(title: "JTI", width: JTIText.shortLength) { JTIText.short($0.jti) },
         TableColumn(title: "CLIENT", width: nil) { snapshot.clientName($0.clientId) },
         TableColumn(title: "SCOPES", width: nil, dropOrder: 2) { $0.scope },
         TableColumn(title: "ISSUED", width: 9, dropOrder: 1) { TimeText.age($0.issuedAt, now: now) },
         TableColumn(title: "EXPIRES", width: 9) { TimeText.countdown(to: $0.expiresAt, now: now) },
         TableColumn(title: "STATE", width: 7, text: { $0.state(at: now).rawValue }, role: { tokenRole($0.state(at: now)) })]
    }

    func tokenRole(_ state: TokenState) -> StyleRole {
        switch state {
        case .active: .ok
        case .revoked: .error
        case .expired: .dim
        }
    }

    private var keyColumns: [TableColumn<SigningKeyRecord>] {
        [TableColumn(title: "KID", width: nil) { $0.kid },
         TableColumn(title: "ALG", width: 6) { $0.alg },
         TableColumn(title: "STATE", width: 8, text: { $0.state.rawValue },
                     role: { $0.state == .active ? .ok : ($0.state == .retiring ? .warn : .dim) }),
         TableColumn(title: "AGE", width: 9, dropOrder: 1) { TimeText.age($0.createdAt, now: now) }]
    }

    private var scopeColumns: [TableColumn<ScopeSummary>] {
        [TableColumn(title: "NAME", width: nil) { $0.name },
         TableColumn(title: "DESCRIPTION", width: nil, dropOrder: 1) { $0.description },
         TableColumn(title: "CLIENTS", width: 13, alignRight: true, fitsContent: true) { $0.clientCount.grouped },
         TableColumn(title: "AGE", width: 9, dropOrder: 2) { TimeText.age($0.createdAt, now: now) }]
    }

    private var auditColumns: [TableColumn<AuditEvent>] {
        [TableColumn(title: "TIME (\(TimeText.zoneName(timeZone)))", width: 19) { TimeText.dateTime($0.at, in: timeZone) },
         TableColumn(title: "ACTOR", width: 7, dropOrder: 1) { $0.actor.rawValue },
         TableColumn(title: "ACTION", width: 20) { $0.action },
         TableColumn(title: "SUBJECT", width: nil) { subjectName($0) }]
    }
}
