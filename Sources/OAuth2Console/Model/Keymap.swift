/// One row of the key table: the keys, where they apply, what they do. The same table
/// dispatches keys, fills the status line and writes the `?` help, so they cannot disagree.
struct KeyBinding: Sendable {
    var keys: [Key]
    /// nil: in every view.
    var tabs: Set<Tab>?
    var intent: KeyIntent
    var help: String
    /// The short word the status line shows, for the keys worth a reminder there.
    var hint: String?

    var keyLabel: String { keys.map(\.label).joined(separator: "/") }
}

enum Keymap {
    static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.character("n")], tabs: [.clients], intent: .newClient, help: "register a client (form)", hint: "new"),
        KeyBinding(keys: [.character("e")], tabs: [.clients], intent: .editClient, help: "edit scopes, TTL, format, audiences", hint: "edit"),
        KeyBinding(keys: [.character("r")], tabs: [.clients], intent: .rotateSecret, help: "rotate the secret (asks the old one's grace)", hint: "rotate"),
        KeyBinding(keys: [.character("o")], tabs: [.clients], intent: .endOldSecret, help: "end the old secret still in its grace", hint: nil),
        KeyBinding(keys: [.character("d")], tabs: [.clients], intent: .toggleStatus, help: "disable / enable the client", hint: "dis/enable"),
        KeyBinding(keys: [.character("D")], tabs: [.clients], intent: .deleteClient, help: "delete the client (confirms)", hint: "delete"),
        KeyBinding(keys: [.character("X")], tabs: [.clients, .tokens], intent: .revokeClientTokens, help: "revoke every live token of the client (confirms)", hint: nil),
        KeyBinding(keys: [.character("x")], tabs: [.tokens], intent: .revokeToken, help: "revoke the selected token (confirms)", hint: "revoke"),
        KeyBinding(keys: [.character("a")], tabs: [.scopes], intent: .addScope, help: "add a scope", hint: "add"),
        KeyBinding(keys: [.character("D")], tabs: [.scopes], intent: .deleteScope, help: "delete the scope (confirms)", hint: "delete"),
        KeyBinding(keys: [.character("K")], tabs: [.keys], intent: .rotateKey, help: "rotate the signing key (confirms)", hint: "rotate key"),
        KeyBinding(keys: [.character("N")], tabs: [.clients], intent: .sortClients(.name), help: "sort by name", hint: nil),
        KeyBinding(keys: [.character("L")], tabs: [.clients], intent: .sortClients(.live), help: "sort by live tokens", hint: nil),
        KeyBinding(keys: [.character("T")], tabs: [.clients], intent: .sortClients(.rate), help: "sort by tokens/s now", hint: "sort"),
        KeyBinding(keys: [.character("F")], tabs: [.clients], intent: .sortClients(.denials), help: "sort by denials in the last minute",
                   hint: nil),
        KeyBinding(keys: [.character("c")], tabs: [.clients, .tokens], intent: .followClient, help: "show only this client in the log (again: all)", hint: "log by client"),
        KeyBinding(keys: [.character("1")], tabs: nil, intent: .show(.clients), help: "Clients view", hint: nil),
        KeyBinding(keys: [.character("2")], tabs: nil, intent: .show(.tokens), help: "Tokens view", hint: nil),
        KeyBinding(keys: [.character("3")], tabs: nil, intent: .show(.keys), help: "Keys view", hint: nil),
        KeyBinding(keys: [.character("4")], tabs: nil, intent: .show(.scopes), help: "Scopes view", hint: nil),
        KeyBinding(keys: [.character("5")], tabs: nil, intent: .show(.audit), help: "Audit view", hint: nil),
        KeyBinding(keys: [.tab], tabs: nil, intent: .nextTab, help: "next view", hint: nil),
        KeyBinding(keys: [.backTab], tabs: nil, intent: .previousTab, help: "previous view", hint: nil),
        KeyBinding(keys: [.character("j"), .down], tabs: nil, intent: .down, help: "next row", hint: nil),
        KeyBinding(keys: [.character("k"), .up], tabs: nil, intent: .up, help: "previous row", hint: nil),
        KeyBinding(keys: [.pageDown, .control("f")], tabs: nil, intent: .pageDown, help: "page down", hint: nil),
        KeyBinding(keys: [.pageUp, .control("b")], tabs: nil, intent: .pageUp, help: "page up", hint: nil),
        KeyBinding(keys: [.home, .character("g")], tabs: nil, intent: .home, help: "first row", hint: nil),
        KeyBinding(keys: [.end, .character("G")], tabs: nil, intent: .end, help: "last row", hint: nil),
        KeyBinding(keys: [.enter], tabs: nil, intent: .open, help: "open the detail pane (j/k then scroll it)", hint: nil),
        KeyBinding(keys: [.escape], tabs: nil, intent: .back, help: "back: close the detail pane, clear the filter", hint: nil),
        KeyBinding(keys: [.character("/")], tabs: nil, intent: .filter, help: "filter the current list", hint: "filter"),
        KeyBinding(keys: [.character(":")], tabs: nil, intent: .commandLine, help: "commands (:tokens, :client NAME, :theme, :quit)", hint: nil),
        KeyBinding(keys: [.character("f")], tabs: nil, intent: .toggleFollow, help: "log: follow / pause", hint: nil),
        KeyBinding(keys: [.character("[")], tabs: nil, intent: .logBack, help: "log: scroll back", hint: nil),
        KeyBinding(keys: [.character("]")], tabs: nil, intent: .logForward, help: "log: scroll forward", hint: nil),
        KeyBinding(keys: [.character("!")], tabs: nil, intent: .showDenials, help: "denials by reason and client, last 5 minutes",
                   hint: nil),
        KeyBinding(keys: [.character("?")], tabs: nil, intent: .help, help: "this help", hint: "help"),
        KeyBinding(keys: [.character("q")], tabs: nil, intent: .quit, help: "quit (asks first while serving)", hint: "quit"),
    ]

    static func intent(for key: Key, in tab: Tab) -> KeyIntent? {
        bindings.first { $0.keys.contains(key) && ($0.tabs?.contains(tab) ?? true) }?.intent
    }

    /// The bindings that apply in `tab`, view-specific ones first.
    static func bindings(in tab: Tab) -> [KeyBinding] {
        bindings.filter { $0.tabs?.contains(tab) ?? true }
    }

    /// The status line's reminders for `tab`.
    static func hints(in tab: Tab) -> [(key: String, word: String)] {
        bindings(in: tab).compactMap { binding in binding.hint.map { (key: binding.keyLabel, word: $0) } }
    }

    /// The key help, one line per binding, grouped by where the keys apply.
    static var helpSections: [(title: String, lines: [(key: String, help: String)])] {
        let everywhere = bindings.filter { $0.tabs == nil }
        let perView = Tab.allCases.map { tab in
            (title: tab.title, lines: bindings.filter { $0.tabs?.contains(tab) ?? false }.map { (key: $0.keyLabel, help: $0.help) })
        }.filter { !$0.lines.isEmpty }
        return perView + [(title: "Everywhere", lines: everywhere.map { (key: $0.keyLabel, help: $0.help) })]
    }
}
