import OAuth2Core
import OAuth2Store

/// One label and value of the detail pane.
struct DetailLine {
    var label: String
    var value: String
    var role = StyleRole.normal
}

/// The detail pane: every field of the selected row, label and value. Long values wrap
/// under their label; what the pane cannot hold scrolls (j/k once Enter gave it the keys),
/// and the pane says how much lies above and below.
extension ConsoleState {
    func drawDetail(on screen: inout Screen, in box: Box) {
        let rows = detailRows(width: box.innerWidth)
        let first = min(detailScroll, max(0, rows.count - box.innerHeight))
        let above = first > 0 ? " ↑ \(first) more" : ""
        box.draw(on: &screen, title: "Detail" + above + (detailOpen ? " · j/k scroll · Esc back" : ""))
        guard !rows.isEmpty else {
            screen.put("nothing selected", row: box.innerRow, column: box.innerColumn + 1, role: .dim, limit: box.innerWidth - 1)
            return
        }
        let labelWidth = Self.detailLabelWidth(box.innerWidth)
        for (offset, row) in rows.dropFirst(first).prefix(box.innerHeight).enumerated() {
            let y = box.innerRow + offset
            screen.put(row.label, row: y, column: box.innerColumn + 1, role: .detailLabel, limit: labelWidth)
            screen.put(row.value, row: y, column: box.innerColumn + 2 + labelWidth, role: row.role, limit: box.innerWidth - labelWidth - 2)
        }
        let below = rows.count - first - box.innerHeight
        if below > 0 { screen.put(" ↓ \(below) more… ", row: box.row + box.height - 1, column: box.column + box.width - 17, role: .dim) }
    }

    static func detailLabelWidth(_ innerWidth: Int) -> Int { min(12, innerWidth / 3) }

    /// The pane's rows for a pane `innerWidth` columns wide: each value wrapped under its
    /// label.
    func detailRows(width innerWidth: Int) -> [DetailLine] {
        let valueWidth = innerWidth - Self.detailLabelWidth(innerWidth) - 2
        return detailLines.flatMap { line in
            Dialog.wrap(line.value, width: valueWidth).enumerated().map { index, part in
                DetailLine(label: index == 0 ? line.label : "", value: part, role: line.role)
            }
        }
    }

    /// A date and time with its zone.
    private func when(_ at: EpochSeconds) -> String {
        TimeText.dateTime(at, in: timeZone) + " " + TimeText.zoneName(timeZone)
    }

    private var detailLines: [DetailLine] {
        switch tab {
        case .clients: selectedClient.map(clientDetail) ?? []
        case .tokens: selectedToken.map(tokenDetail) ?? []
        case .keys: keyRows[safe: selectedIndex].map(keyDetail) ?? []
        case .scopes:
            selectedScope.map { scope in
                [DetailLine(label: "name", value: scope.name),
                 DetailLine(label: "description", value: scope.description.isEmpty ? "(none)" : scope.description),
                 DetailLine(label: "clients", value: "\(scope.clientCount)"),
                 DetailLine(label: "created", value: when(scope.createdAt))]
            } ?? []
        case .audit:
            auditRows[safe: selectedIndex].map { event in
                [DetailLine(label: "time", value: when(event.at)),
                 DetailLine(label: "actor", value: event.actor.rawValue),
                 DetailLine(label: "action", value: event.action),
                 DetailLine(label: "subject", value: subjectName(event)),
                 DetailLine(label: "details", value: event.details, role: .dim)]
            } ?? []
        }
    }

    private func clientDetail(_ client: ClientDetails) -> [DetailLine] {
        var lines = [
            DetailLine(label: "name", value: client.client.name),
            DetailLine(label: "id", value: client.id),
            DetailLine(label: "status", value: client.client.status.rawValue, role: client.client.status == .active ? .ok : .warn),
            DetailLine(label: "scopes", value: client.scopes.isEmpty ? "(none)" : client.scopes.joined(separator: " ")),
            DetailLine(label: "token TTL", value: DurationText.format(client.client.tokenTtl)),
            DetailLine(label: "format", value: client.client.tokenFormat.rawValue),
            DetailLine(label: "audiences", value: client.audiences.isEmpty ? "(issuer)" : client.audiences.joined(separator: " ")),
            DetailLine(label: "introspect", value: client.client.canIntrospect ? "any token" : "own tokens"),
            DetailLine(label: "live tokens", value: client.liveTokens.grouped),
            DetailLine(label: "activity", value: "\(tokensPerSecond(of: client.id).grouped) tok/s · \(denialsPerMinute(of: client.id).grouped) denied/min"),
            // Spaces in a sparkline are quiet minutes, not places to wrap.
            DetailLine(label: "tokens/min", value: (clientThroughput[client.id]?.sparkline(at: now) ?? "")
                .replacingOccurrences(of: " ", with: "\u{00A0}"), role: .sparkline),
        ]
        for (index, secret) in client.secrets.enumerated() {
            let ending = secret.expiresAt.map { " ends " + TimeText.countdown(to: $0, now: now) } ?? ""
            lines.append(DetailLine(label: "secret \(index + 1)",
                                    value: "\(secret.displayPrefix)… \(TimeText.age(secret.createdAt, now: now))\(ending)"))
        }
        lines.append(DetailLine(label: "created", value: when(client.client.createdAt), role: .dim))
        return lines
    }

    private func tokenDetail(_ token: TokenRecord) -> [DetailLine] {
        let state = token.state(at: now)
        var lines = [
            DetailLine(label: "jti", value: token.jti),
            DetailLine(label: "client", value: snapshot.clientName(token.clientId)),
            DetailLine(label: "client id", value: token.clientId, role: .dim),
            DetailLine(label: "scopes", value: token.scope),
            DetailLine(label: "audience", value: token.audience),
            DetailLine(label: "format", value: token.format.rawValue),
            DetailLine(label: "state", value: state.rawValue, role: tokenRole(state)),
            DetailLine(label: "issued", value: when(token.issuedAt)),
            DetailLine(label: "expires", value: when(token.expiresAt)
                + " (\(TimeText.countdown(to: token.expiresAt, now: now)))"),
        ]
        if let reason = token.revokedReason { lines.append(DetailLine(label: "revoked", value: reason, role: .error)) }
        if let keyId = token.keyId { lines.append(DetailLine(label: "key", value: keyId, role: .dim)) }
        return lines
    }

    private func keyDetail(_ key: SigningKeyRecord) -> [DetailLine] {
        var lines = [
            DetailLine(label: "kid", value: key.kid),
            DetailLine(label: "alg", value: key.alg),
            DetailLine(label: "state", value: key.state.rawValue),
            DetailLine(label: "created", value: when(key.createdAt)),
        ]
        if let at = key.retiringAt { lines.append(DetailLine(label: "retiring", value: when(at), role: .warn)) }
        if let at = key.retiredAt { lines.append(DetailLine(label: "retired", value: when(at), role: .dim)) }
        return lines
    }
}
