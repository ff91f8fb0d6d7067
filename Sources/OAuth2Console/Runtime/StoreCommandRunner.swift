import OAuth2Core
import OAuth2Store

/// Carries out store commands with the same store calls as the CLI, the console being the
/// audited actor. Blocking: the runtime calls it on the store worker's queue.
struct StoreCommandRunner {
    let store: any Store

    /// The actions that report the command: the audit events it wrote (so that the
    /// follower of the audit trail does not log them a second time), then its outcome or
    /// error. The events are those by the console between the newest before the command
    /// and the newest after it, read on the one queue that runs this console's commands.
    func actions(for command: StoreCommand) -> [Action] {
        let before = (try? store.listAudit(limit: 1).first?.id) ?? 0
        let outcome: Action
        do {
            outcome = .performed(try run(command))
        } catch let error as StoreError {
            outcome = .failed(error.description)
        } catch {
            outcome = .failed("\(error)")
        }
        let written = ((try? store.listAudit(afterId: before, limit: 1000)) ?? []).filter { $0.actor == .console }.compactMap(\.id)
        return (written.isEmpty ? [] : [.ownAudit(written)]) + [outcome]
    }

    /// The same store calls as the CLI, with the console as the audited actor.
    func run(_ command: StoreCommand) throws -> StoreOutcome {
        switch command {
        case let .addScope(name, description):
            _ = try store.addScope(name: name, description: description, actor: .console)
            return .done("added scope \(name)", clientId: nil)
        case let .deleteScope(name):
            try store.deleteScope(name: name, force: true, actor: .console)
            return .done("deleted scope \(name)", clientId: nil)
        case let .register(spec):
            return .secretIssued(try store.registerClient(spec, actor: .console), rotated: false)
        case let .update(clientId, changes):
            let client = try store.updateClient(id: clientId, changes, actor: .console)
            return .done("updated client \(client.client.name)", clientId: clientId)
        case let .rotateSecret(clientId, grace):
            return .secretIssued(try store.rotateSecret(clientId: clientId, grace: grace, actor: .console), rotated: true)
        case let .expireSecret(clientId, displayPrefix):
            let client = try store.expireSecret(clientId: clientId, displayPrefix: displayPrefix, actor: .console)
            return .done("ended secret \(displayPrefix)… of \(client.client.name)", clientId: clientId)
        case let .setStatus(clientId, status):
            let (client, _) = try store.setStatus(clientId: clientId, status, actor: .console)
            return .done("\(status == .active ? "enabled" : "disabled") \(client.client.name)", clientId: clientId)
        case let .deleteClient(clientId):
            let name = try store.client(id: clientId).client.name
            let revoked = try store.deleteClient(id: clientId, actor: .console)
            return .done("deleted client \(name) (\(revoked) token(s) revoked)", clientId: clientId)
        case let .revokeToken(jti):
            let token = try store.token(jti: jti)
            let revoked = try store.revokeToken(jti: jti, reason: "revoked in the console", actor: .console)
            return .done(revoked ? "revoked token \(JTIText.short(jti))" : "token \(JTIText.short(jti)) was no longer live",
                         clientId: token?.clientId)
        case let .revokeClientTokens(clientId):
            let name = try store.client(id: clientId).client.name
            let count = try store.revokeTokens(clientId: clientId, reason: "revoked in the console", actor: .console)
            return .done("revoked \(count) token(s) of \(name)", clientId: clientId)
        case .rotateKey:
            let key = try store.activate(try SigningKeyRecord.generate(.es256), actor: .console)
            return .done("rotated the signing key: new \(key.kid.prefix(16))", clientId: nil)
        }
    }
}
