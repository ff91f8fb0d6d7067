import OAuth2Store

/// Everything the lists show, read from the store in one go off the UI thread.
struct Snapshot: Equatable, Sendable {
    var clients: [ClientDetails] = []
    /// One page of the token listing, as `tokenRequest` asked.
    var tokens: [TokenRecord] = []
    var tokenRequest = TokenPageRequest()
    /// Rows in the whole filtered listing, counted up to `TokenPageRequest.countCap`.
    var tokenTotal = 0
    /// Serving processes as they last reported themselves.
    var servers: [ServerPresence] = []
    var keys: [SigningKeyRecord] = []
    var scopes: [ScopeSummary] = []
    /// Newest first.
    var audit: [AuditEvent] = []
    var liveTokens = 0

    init() {}

    init(clients: [ClientDetails], tokens: [TokenRecord], tokenRequest: TokenPageRequest, tokenTotal: Int,
         keys: [SigningKeyRecord], scopes: [ScopeSummary], audit: [AuditEvent], liveTokens: Int, servers: [ServerPresence]) {
        self.clients = clients
        self.tokens = tokens
        self.tokenRequest = tokenRequest
        self.tokenTotal = tokenTotal
        self.servers = servers
        self.keys = keys
        self.scopes = scopes
        self.audit = audit
        self.liveTokens = liveTokens
    }

    /// How many audit events a snapshot holds: enough to browse, small enough to reload
    /// every second.
    static let auditLimit = 500

    static func load(from store: any Store, tokens request: TokenPageRequest = TokenPageRequest()) throws -> Snapshot {
        let clients = try store.listClients()
        let query = request.query(clients: clients)
        // Every live token belongs to a listed client (a deleted client's tokens are revoked
        // with it), so their counts add up to the total without counting the tokens again.
        return Snapshot(clients: clients, tokens: try store.listTokens(query), tokenRequest: request,
                        tokenTotal: try store.countTokens(query, upTo: TokenPageRequest.countCap),
                        keys: try store.listKeys(), scopes: try store.listScopes(),
                        audit: try store.listAudit(limit: auditLimit), liveTokens: clients.reduce(0) { $0 + $1.liveTokens },
                        servers: try store.listPresence())
    }

    func clientName(_ id: String) -> String {
        clients.first { $0.id == id }?.client.name ?? id
    }
}
