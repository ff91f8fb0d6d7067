import OAuth2Store

/// Which slice of the store's token listing the Tokens view holds: the store may hold
/// millions, so the view holds a page of them around the selection, filtered in the store.
struct TokenPageRequest: Equatable, Sendable {
    /// Rows in one page.
    static let rows = 500
    /// Counting stops here: the title then says "1,000,000+".
    static let countCap = 1_000_000

    /// The first row of the page in the whole (filtered) listing.
    var offset = 0
    /// The Tokens view's `/` text: a state (active, revoked, expired), and part of a
    /// client's name or id or of a jti.
    var filter = ""

    /// The store query: a word naming a state picks that state; the rest must match a
    /// client's name or id, or the jti.
    func query(clients: [ClientDetails]) -> TokenQuery {
        var words = filter.split(separator: " ").map(String.init)
        let state = words.lazy.compactMap { TokenState(rawValue: $0.lowercased()) }.first
        words.removeAll { TokenState(rawValue: $0.lowercased()) != nil }
        let text = words.joined(separator: " ")
        let needle = text.lowercased()
        let matching = text.isEmpty ? nil : TokenMatch(
            clientIds: clients.filter { $0.client.name.lowercased().contains(needle) || $0.id.lowercased().contains(needle) }.map(\.id),
            jtiContains: text)
        return TokenQuery(state: state, limit: Self.rows, matching: matching, offset: offset)
    }

    /// The request whose page holds row `index`, centred on it; nil when this one does.
    func recentred(on index: Int, loaded: Int) -> TokenPageRequest? {
        guard index < offset || index >= offset + max(loaded, 1) else { return nil }
        var moved = self
        moved.offset = max(0, index - Self.rows / 2)
        return moved
    }
}
