import OAuth2Core
import OAuth2Store

/// The register/edit client form: name, scopes picked from the registered ones, token TTL,
/// format, audiences and the introspection permission.
struct ClientForm: Equatable, Sendable {
    enum Field: Int, CaseIterable, Sendable {
        case name, scopes, ttl, format, audiences, introspect

        var label: String {
            switch self {
            case .name: "Name"
            case .scopes: "Scopes"
            case .ttl: "Token TTL"
            case .format: "Format"
            case .audiences: "Audiences"
            case .introspect: "Introspect"
            }
        }
    }

    /// nil registers a new client; otherwise the id of the client being edited.
    var editing: String?
    var name = TextField()
    /// Every registered scope, in order, and which are picked.
    var availableScopes: [String]
    var pickedScopes: Set<String> = []
    /// Narrows the scope picker to names containing it (a company has hundreds of scopes):
    /// typed while the picker has the focus.
    var scopeFilter = ""
    /// The highlighted scope, an index into `shownScopes`.
    var scopeCursor = 0
    var ttl = TextField(text: DurationText.format(TokenLifetime.defaultSeconds), suggested: true)
    var format = TokenFormat.jwt
    var audiences = TextField()
    var canIntrospect = false
    var focus = Field.name
    /// Why the last save was refused; nothing was written.
    var problem: String?
    /// The form went to the store; it waits for the verdict.
    var saving = false

    init(availableScopes: [String]) {
        self.availableScopes = availableScopes
    }

    init(editing details: ClientDetails, availableScopes: [String]) {
        self.availableScopes = availableScopes
        editing = details.id
        name.text = details.client.name
        pickedScopes = Set(details.scopes)
        ttl.text = DurationText.format(details.client.tokenTtl)
        format = details.client.tokenFormat
        audiences.text = details.audiences.joined(separator: " ")
        canIntrospect = details.client.canIntrospect
    }

    var title: String { editing == nil ? "Register client" : "Edit client" }

    /// The scopes the picker lists: all, or those whose name contains the filter.
    var shownScopes: [String] {
        let needle = scopeFilter.lowercased()
        return needle.isEmpty ? availableScopes : availableScopes.filter { $0.lowercased().contains(needle) }
    }

    /// Applies a key meant for the focused field. Returns false when the key is not the
    /// field's (the form handles it: move, save, cancel).
    mutating func edit(_ key: Key) -> Bool {
        switch (focus, key) {
        case (.name, _): return name.edit(key)
        case (.ttl, _): return ttl.edit(key)
        case (.audiences, _): return audiences.edit(key)
        case (.scopes, _): return editScopes(key)
        case (.format, .character(" ")), (.format, .left), (.format, .right):
            format = format == .jwt ? .opaque : .jwt
        case (.introspect, .character(" ")):
            canIntrospect.toggle()
        default:
            return false
        }
        return true
    }

    /// The picker: ←/→ (and ↑/↓ until its first or last scope) move, Space picks, other
    /// characters narrow the list, Backspace and Ctrl-U widen it again.
    private mutating func editScopes(_ key: Key) -> Bool {
        let count = shownScopes.count
        switch key {
        case .left: scopeCursor = max(0, scopeCursor - 1)
        case .right: scopeCursor = min(max(0, count - 1), scopeCursor + 1)
        case .up:
            guard scopeCursor > 0 else { return false }
            scopeCursor -= 1
        case .down:
            guard scopeCursor < count - 1 else { return false }
            scopeCursor += 1
        case .character(" "):
            guard let scope = shownScopes[safe: scopeCursor] else { return true }
            if pickedScopes.remove(scope) == nil { pickedScopes.insert(scope) }
        case let .character(character):
            scopeFilter.append(character)
            scopeCursor = 0
        case .backspace:
            guard !scopeFilter.isEmpty else { return true }
            scopeFilter.removeLast()
            scopeCursor = 0
        case .control("u"):
            scopeFilter = ""
            scopeCursor = 0
        default:
            return false
        }
        return true
    }

    mutating func moveFocus(by step: Int) {
        let count = Field.allCases.count
        focus = Field(rawValue: (focus.rawValue + step + count) % count)!
    }

    /// The command that saves the form, or the first problem to fix; checked here, with the
    /// store's own rules, so that a bad form writes nothing and says why at once.
    func command() -> Result<StoreCommand, PromptProblem> {
        if let problem = ClientSpec.nameProblem(name.text) { return .failure(PromptProblem(problem)) }
        let seconds: Int
        do {
            seconds = try DurationRange.tokenLifetime.parse(ttl.text.trimmingCharacters(in: .whitespaces))
        } catch {
            return .failure(PromptProblem("invalid token TTL \"\(ttl.text.prefix(20))\": \(error)"))
        }
        if let unknown = pickedScopes.first(where: { !availableScopes.contains($0) }) {
            return .failure(PromptProblem("unknown scope \"\(unknown)\""))
        }
        let spec = ClientSpec(name: name.text, scopes: pickedScopes.sorted(), tokenTtl: seconds, tokenFormat: format,
                              audiences: audiences.text.split(separator: " ").map(String.init), canIntrospect: canIntrospect)
        do {
            try spec.validate()
        } catch {
            return .failure(PromptProblem("\(error)"))
        }
        guard let editing else { return .success(.register(spec)) }
        return .success(.update(clientId: editing, ClientChanges(name: spec.name, scopes: spec.scopes, tokenTtl: spec.tokenTtl,
                                                                   tokenFormat: spec.tokenFormat, audiences: spec.audiences,
                                                                   canIntrospect: spec.canIntrospect)))
    }
}
