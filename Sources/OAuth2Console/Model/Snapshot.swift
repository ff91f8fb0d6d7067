import OAuth2Store

/// Everything the lists show, read from the store in one go off the UI thread.
struct Snapshot: Equatable, Sendable {
    var clients: [ClientDetails] = []
    var tokens: [TokenRecord] = []
    var keys: [SigningKeyRecord] = []
    var scopes: [ScopeSummary] = []
    /// Newest first.
    var audit: [AuditEvent] = []
    var liveTokens = 0

    init() {}

    init(clients: [ClientDetails], tokens: [TokenRecord], keys: [SigningKeyRecord], scopes: [ScopeSummary],
                audit: [AuditEvent], liveTokens: Int) {
        self.clients = clients
        self.tokens = tokens
        self.keys = keys
        self.scopes = scopes
        self.audit = audit
        self.liveTokens = liveTokens
    }

    /// How many rows of tokens and audit events a snapshot holds: enough to browse, small
    /// enough to reload every second.
    static let rowLimit = 500

    static func load(from store: Store) throws -> Snapshot {
        let clients = try store.listClients()
        // Every live token belongs to a listed client (a deleted client's tokens are revoked
        // with it), so their counts add up to the total without counting the tokens again.
        return Snapshot(clients: clients, tokens: try store.listTokens(TokenQuery(limit: rowLimit)),
                        keys: try store.listKeys(), scopes: try store.listScopes(),
                        audit: try store.listAudit(limit: rowLimit), liveTokens: clients.reduce(0) { $0 + $1.liveTokens })
    }

    func clientName(_ id: String) -> String {
        clients.first { $0.id == id }?.client.name ?? id
    }
}
