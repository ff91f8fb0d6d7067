/// What a key asks for, independent of which key it is.
enum KeyCommand: Equatable, Sendable {
    case quit, help, nextTab, previousTab, show(Tab)
    case up, down, pageUp, pageDown, home, end, open, back
    case filter, commandLine, toggleFollow, logBack, logForward, followClient
    case newClient, editClient, rotateSecret, endOldSecret, toggleStatus, deleteClient
    case revokeToken, revokeClientTokens, addScope, deleteScope, rotateKey
    case sortClients(ClientOrder)
    case showDenials
}

/// One row of the key table: the keys, where they apply, what they do. The same table
/// dispatches keys, fills the status line and writes the `?` help, so they cannot disagree.
struct KeyBinding: Sendable {
    var keys: [Key]
    /// nil: in every view.
    var tabs: Set<Tab>?
    var command: KeyCommand
    var help: String
    /// The short word the status line shows, for the keys worth a reminder there.
    var hint: String?

    var keyLabel: String { keys.map(\.label).joined(separator: "/") }
}

enum Keymap {
    static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.character("n")], tabs: [.clients], command: .newClient, help: "register a client (form)", hint: "new"),
        KeyBinding(keys: [.character("e")], tabs: [.clients], command: .editClient, help: "edit scopes, TTL, format, audiences", hint: "edit"),
        KeyBinding(keys: [.character("r")], tabs: [.clients], command: .rotateSecret, help: "rotate the secret (asks the old one's grace)", hint: "rotate"),
        KeyBinding(keys: [.character("o")], tabs: [.clients], command: .endOldSecret, help: "end the old secret still in its grace", hint: nil),
        KeyBinding(keys: [.character("d")], tabs: [.clients], command: .toggleStatus, help: "disable / enable the client", hint: "dis/enable"),
        KeyBinding(keys: [.character("D")], tabs: [.clients], command: .deleteClient, help: "delete the client (confirms)", hint: "delete"),
        KeyBinding(keys: [.character("X")], tabs: [.clients, .tokens], command: .revokeClientTokens, help: "revoke every live token of the client (confirms)", hint: nil),
        KeyBinding(keys: [.character("x")], tabs: [.tokens], command: .revokeToken, help: "revoke the selected token (confirms)", hint: "revoke"),
        KeyBinding(keys: [.character("a")], tabs: [.scopes], command: .addScope, help: "add a scope", hint: "add"),
        KeyBinding(keys: [.character("D")], tabs: [.scopes], command: .deleteScope, help: "delete the scope (confirms)", hint: "delete"),
        KeyBinding(keys: [.character("K")], tabs: [.keys], command: .rotateKey, help: "rotate the signing key (confirms)", hint: "rotate key"),
        KeyBinding(keys: [.character("N")], tabs: [.clients], command: .sortClients(.name), help: "sort by name", hint: nil),
        KeyBinding(keys: [.character("L")], tabs: [.clients], command: .sortClients(.live), help: "sort by live tokens", hint: nil),
        KeyBinding(keys: [.character("T")], tabs: [.clients], command: .sortClients(.rate), help: "sort by tokens/s now", hint: "sort"),
        KeyBinding(keys: [.character("F")], tabs: [.clients], command: .sortClients(.denials), help: "sort by denials in the last minute",
                   hint: nil),
        KeyBinding(keys: [.character("c")], tabs: [.clients, .tokens], command: .followClient, help: "show only this client in the log (again: all)", hint: "log by client"),
        KeyBinding(keys: [.character("1")], tabs: nil, command: .show(.clients), help: "Clients view", hint: nil),
        KeyBinding(keys: [.character("2")], tabs: nil, command: .show(.tokens), help: "Tokens view", hint: nil),
        KeyBinding(keys: [.character("3")], tabs: nil, command: .show(.keys), help: "Keys view", hint: nil),
        KeyBinding(keys: [.character("4")], tabs: nil, command: .show(.scopes), help: "Scopes view", hint: nil),
        KeyBinding(keys: [.character("5")], tabs: nil, command: .show(.audit), help: "Audit view", hint: nil),
        KeyBinding(keys: [.tab], tabs: nil, command: .nextTab, help: "next view", hint: nil),
        KeyBinding(keys: [.backTab], tabs: nil, command: .previousTab, help: "previous view", hint: nil),
        KeyBinding(keys: [.character("j"), .down], tabs: nil, command: .down, help: "next row", hint: nil),
        KeyBinding(keys: [.character("k"), .up], tabs: nil, command: .up, help: "previous row", hint: nil),
        KeyBinding(keys: [.pageDown, .control("f")], tabs: nil, command: .pageDown, help: "page down", hint: nil),
        KeyBinding(keys: [.pageUp, .control("b")], tabs: nil, command: .pageUp, help: "page up", hint: nil),
        KeyBinding(keys: [.home, .character("g")], tabs: nil, command: .home, help: "first row", hint: nil),
        KeyBinding(keys: [.end, .character("G")], tabs: nil, command: .end, help: "last row", hint: nil),
        KeyBinding(keys: [.enter], tabs: nil, command: .open, help: "open the detail pane (j/k then scroll it)", hint: nil),
        KeyBinding(keys: [.escape], tabs: nil, command: .back, help: "back: close the detail pane, clear the filter", hint: nil),
        KeyBinding(keys: [.character("/")], tabs: nil, command: .filter, help: "filter the current list", hint: "filter"),
        KeyBinding(keys: [.character(":")], tabs: nil, command: .commandLine, help: "commands (:tokens, :client NAME, :theme, :quit)", hint: nil),
        KeyBinding(keys: [.character("f")], tabs: nil, command: .toggleFollow, help: "log: follow / pause", hint: nil),
        KeyBinding(keys: [.character("[")], tabs: nil, command: .logBack, help: "log: scroll back", hint: nil),
        KeyBinding(keys: [.character("]")], tabs: nil, command: .logForward, help: "log: scroll forward", hint: nil),
        KeyBinding(keys: [.character("!")], tabs: nil, command: .showDenials, help: "denials by reason and client, last 5 minutes",
                   hint: nil),
        KeyBinding(keys: [.character("?")], tabs: nil, command: .help, help: "this help", hint: "help"),
        KeyBinding(keys: [.character("q")], tabs: nil, command: .quit, help: "quit (asks first while serving)", hint: "quit"),
    ]

    static func command(for key: Key, in tab: Tab) -> KeyCommand? {
        bindings.first { $0.keys.contains(key) && ($0.tabs?.contains(tab) ?? true) }?.command
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
