import OAuth2Core
import OAuth2Store

/// The detail pane: every field of the selected row, label and value.
extension ConsoleState {
    func drawDetail(on screen: inout Screen, in box: Box) {
        box.draw(on: &screen, title: "Detail")
        let lines = detailLines
        guard !lines.isEmpty else {
            screen.put("nothing selected", row: box.innerRow, column: box.innerColumn + 1, role: .dim, limit: box.innerWidth - 1)
            return
        }
        let labelWidth = min(12, box.innerWidth / 3)
        for (offset, line) in lines.prefix(box.innerHeight).enumerated() {
            let y = box.innerRow + offset
            screen.put(line.label, row: y, column: box.innerColumn + 1, role: .detailLabel, limit: labelWidth)
            screen.put(line.value, row: y, column: box.innerColumn + 2 + labelWidth, role: line.role,
                       limit: box.innerWidth - labelWidth - 2)
        }
    }

    private var detailLines: [(label: String, value: String, role: StyleRole)] {
        switch tab {
        case .clients:
            guard let client = selectedClient else { return [] }
            let secrets = client.secrets.map { secret in
                "\(secret.displayPrefix)… \(TimeText.age(secret.createdAt, now: now))"
                    + (secret.expiresAt.map { " ends " + TimeText.countdown(to: $0, now: now) } ?? "")
            }
            return [("name", client.client.name, .normal), ("id", client.id, .normal),
                    ("status", client.client.status.rawValue, client.client.status == .active ? .ok : .warn),
                    ("scopes", client.scopes.isEmpty ? "(none)" : client.scopes.joined(separator: " "), .normal),
                    ("token TTL", DurationText.format(client.client.tokenTtl), .normal),
                    ("format", client.client.tokenFormat.rawValue, .normal),
                    ("audiences", client.audiences.isEmpty ? "(issuer)" : client.audiences.joined(separator: " "), .normal),
                    ("introspect", client.client.canIntrospect ? "any token" : "own tokens", .normal),
                    ("live tokens", client.liveTokens.grouped, .normal)]
                + secrets.enumerated().map { ("secret \($0.offset + 1)", $0.element, .normal) }
                + [("created", TimeText.dateTime(client.client.createdAt, in: timeZone), .dim)]
        case .tokens:
            guard let token = selectedToken else { return [] }
            let state = token.state(at: now)
            return [("jti", token.jti, .normal), ("client", snapshot.clientName(token.clientId), .normal),
                    ("client id", token.clientId, .dim), ("scopes", token.scope, .normal), ("audience", token.audience, .normal),
                    ("format", token.format.rawValue, .normal), ("state", state.rawValue, tokenRole(state)),
                    ("issued", TimeText.dateTime(token.issuedAt, in: timeZone), .normal),
                    ("expires", TimeText.dateTime(token.expiresAt, in: timeZone) + " (\(TimeText.countdown(to: token.expiresAt, now: now)))", .normal)]
                + (token.revokedReason.map { [("revoked", $0, .error)] } ?? [])
                + (token.keyId.map { [("key", $0, .dim)] } ?? [])
        case .keys:
            guard let key = keyRows[safe: selectedIndex] else { return [] }
            return [("kid", key.kid, .normal), ("alg", key.alg, .normal), ("state", key.state.rawValue, .normal),
                    ("created", TimeText.dateTime(key.createdAt, in: timeZone), .normal)]
                + (key.retiringAt.map { [("retiring", TimeText.dateTime($0, in: timeZone), .warn)] } ?? [])
                + (key.retiredAt.map { [("retired", TimeText.dateTime($0, in: timeZone), .dim)] } ?? [])
        case .scopes:
            guard let scope = selectedScope else { return [] }
            return [("name", scope.name, .normal), ("description", scope.description.isEmpty ? "(none)" : scope.description, .normal),
                    ("clients", "\(scope.clientCount)", .normal), ("created", TimeText.dateTime(scope.createdAt, in: timeZone), .normal)]
        case .audit:
            guard let event = auditRows[safe: selectedIndex] else { return [] }
            return [("time", TimeText.dateTime(event.at, in: timeZone), .normal), ("actor", event.actor.rawValue, .normal),
                    ("action", event.action, .normal), ("subject", subjectName(event), .normal),
                    ("details", event.details, .dim)]
        }
    }
}
