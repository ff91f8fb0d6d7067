import OAuth2Core

/// What an admin asks for when registering a client.
public struct ClientSpec: Sendable, Equatable {
    public var name: String
    public var scopes: [String]
    public var tokenTtl: Int
    public var tokenFormat: TokenFormat
    public var audiences: [String]
    public var canIntrospect: Bool

    public init(name: String, scopes: [String], tokenTtl: Int = TokenLifetime.defaultSeconds,
                tokenFormat: TokenFormat = .jwt, audiences: [String] = [], canIntrospect: Bool = false) {
        self.name = name
        self.scopes = scopes
        self.tokenTtl = tokenTtl
        self.tokenFormat = tokenFormat
        self.audiences = audiences
        self.canIntrospect = canIntrospect
    }

    /// Throws the first problem an admin must fix, before anything is written.
    func validate() throws {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed != name || name.count > 100
            || name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw StoreError.invalid("invalid client name \"\(name)\": 1 to 100 characters, no control characters or edge spaces")
        }
        if let bad = scopes.first(where: { !Scope.isValidName($0) }) {
            throw StoreError.invalid("invalid scope name \"\(bad)\"")
        }
        if !DurationRange.tokenLifetime.contains(tokenTtl) {
            throw StoreError.invalid("token TTL \(DurationText.format(tokenTtl)) is out of range (\(DurationRange.tokenLifetime))")
        }
        if let bad = audiences.first(where: { !ResourceIndicator.isValid($0) }) {
            throw StoreError.invalid("invalid audience \"\(bad)\": must be an absolute URI without a fragment (RFC 8707)")
        }
    }
}

/// Changes to an existing client; nil leaves a field as it is.
public struct ClientChanges: Sendable, Equatable {
    public var name: String?
    public var scopes: [String]?
    public var tokenTtl: Int?
    public var tokenFormat: TokenFormat?
    public var audiences: [String]?
    public var canIntrospect: Bool?

    public init(name: String? = nil, scopes: [String]? = nil, tokenTtl: Int? = nil,
                tokenFormat: TokenFormat? = nil, audiences: [String]? = nil, canIntrospect: Bool? = nil) {
        self.name = name
        self.scopes = scopes
        self.tokenTtl = tokenTtl
        self.tokenFormat = tokenFormat
        self.audiences = audiences
        self.canIntrospect = canIntrospect
    }

    var isEmpty: Bool { self == ClientChanges() }

    func applied(to spec: ClientSpec) -> ClientSpec {
        ClientSpec(name: name ?? spec.name, scopes: scopes ?? spec.scopes, tokenTtl: tokenTtl ?? spec.tokenTtl,
                   tokenFormat: tokenFormat ?? spec.tokenFormat, audiences: audiences ?? spec.audiences,
                   canIntrospect: canIntrospect ?? spec.canIntrospect)
    }
}
