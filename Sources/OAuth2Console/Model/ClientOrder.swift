/// The orders the Clients view sorts by (k9s style: Shift and the column's letter); the
/// busiest or the most refused client is then one keystroke away.
enum ClientOrder: Equatable, Sendable, CaseIterable {
    case name, live, rate, denials

    /// The heading that shows the order, with its arrow.
    var column: String {
        switch self {
        case .name: "NAME"
        case .live: "LIVE"
        case .rate: "TOK/S"
        case .denials: "DENY/MIN"
        }
    }
}
