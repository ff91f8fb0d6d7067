/// The five lists the console shows, in the order of their number keys.
public enum Tab: Int, CaseIterable, Sendable {
    case clients = 1, tokens, keys, scopes, audit

    var title: String {
        switch self {
        case .clients: "Clients"
        case .tokens: "Tokens"
        case .keys: "Keys"
        case .scopes: "Scopes"
        case .audit: "Audit"
        }
    }

    /// The tab as the header's second row draws it (one column apart from the next).
    var label: String { " \(rawValue) \(title) " }

    var next: Tab { Tab(rawValue: rawValue % Tab.allCases.count + 1)! }
    var previous: Tab { Tab(rawValue: (rawValue + Tab.allCases.count - 2) % Tab.allCases.count + 1)! }
}
