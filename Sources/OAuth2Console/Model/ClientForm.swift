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
    var scopeCursor = 0
    var ttl = TextField(text: DurationText.format(TokenLifetime.defaultSeconds))
    var format = TokenFormat.jwt
    var audiences = TextField()
    var canIntrospect = false
    var focus = Field.name
    /// Why the last save was refused; nothing was written.
    var problem: String?

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

    /// Applies a key meant for the focused field. Returns false when the key is not the
    /// field's (the form handles it: move, save, cancel).
    mutating func edit(_ key: Key) -> Bool {
        switch (focus, key) {
        case (.name, _): return name.edit(key)
        case (.ttl, _): return ttl.edit(key)
        case (.audiences, _): return audiences.edit(key)
        case (.scopes, .left): scopeCursor = max(0, scopeCursor - 1)
        case (.scopes, .right): scopeCursor = min(max(0, availableScopes.count - 1), scopeCursor + 1)
        case (.scopes, .character(" ")):
            guard availableScopes.indices.contains(scopeCursor) else { return true }
            let scope = availableScopes[scopeCursor]
            if pickedScopes.remove(scope) == nil { pickedScopes.insert(scope) }
        case (.format, .character(" ")), (.format, .left), (.format, .right):
            format = format == .jwt ? .opaque : .jwt
        case (.introspect, .character(" ")):
            canIntrospect.toggle()
        default:
            return false
        }
        return true
    }

    mutating func moveFocus(by step: Int) {
        let count = Field.allCases.count
        focus = Field(rawValue: (focus.rawValue + step + count) % count)!
    }

    /// The command that saves the form, or the first problem to fix; checked here so that
    /// a bad form writes nothing and says why.
    func command() -> Result<StoreCommand, PromptProblem> {
        let trimmedName = name.text.trimmingCharacters(in: .whitespaces)
        guard !trimmedName.isEmpty, trimmedName == name.text, name.text.count <= 100 else {
            return .failure(PromptProblem("invalid client name \"\(name.text)\": 1 to 100 characters, no edge spaces"))
        }
        let seconds: Int
        do {
            seconds = try DurationRange.tokenLifetime.parse(ttl.text.trimmingCharacters(in: .whitespaces))
        } catch {
            return .failure(PromptProblem("invalid token TTL \"\(ttl.text)\": \(error)"))
        }
        if let unknown = pickedScopes.first(where: { !availableScopes.contains($0) }) {
            return .failure(PromptProblem("unknown scope \"\(unknown)\""))
        }
        let audienceList = audiences.text.split(separator: " ").map(String.init)
        if let bad = audienceList.first(where: { !ResourceIndicator.isValid($0) }) {
            return .failure(PromptProblem("invalid audience \"\(bad)\": an absolute URI without a fragment"))
        }
        let scopes = pickedScopes.sorted()
        guard let editing else {
            return .success(.register(ClientSpec(name: name.text, scopes: scopes, tokenTtl: seconds, tokenFormat: format,
                                                 audiences: audienceList, canIntrospect: canIntrospect)))
        }
        return .success(.update(clientId: editing, ClientChanges(name: name.text, scopes: scopes, tokenTtl: seconds,
                                                                   tokenFormat: format, audiences: audienceList,
                                                                   canIntrospect: canIntrospect)))
    }
}
