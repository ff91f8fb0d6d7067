import Foundation
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

    /// Throws the first problem an admin must fix, before anything is written. Both stores
    /// and the console's form check with it, so each rule and its wording exist once.
    package func validate() throws {
        if let problem = Self.nameProblem(name) { throw StoreError.invalid(problem) }
        for scope in scopes { try ScopeRecord.validateName(scope) }
        if !DurationRange.tokenLifetime.contains(tokenTtl) {
            throw StoreError.invalid("token TTL \(DurationText.format(tokenTtl)) is out of range (\(DurationRange.tokenLifetime))")
        }
        if let bad = audiences.first(where: { !ResourceIndicator.isValid($0) }) {
            throw StoreError.invalid("invalid audience \"\(bad)\": must be an absolute URI without a fragment (RFC 8707)")
        }
    }

    /// Why `name` cannot name a client, or nil. The reason comes before the name, and a long
    /// name is cut: quoted in full it would push the reason out of a form's sight.
    package static func nameProblem(_ name: String) -> String? {
        let reason: String
        if name.count > 100 {
            reason = "\(name.count) characters, at most 100"
        } else if name.isEmpty || name.trimmingCharacters(in: .whitespaces) != name {
            reason = "1 to 100 characters, no edge spaces"
        } else if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            reason = "no control characters"
        } else {
            return nil
        }
        return "invalid client name (\(reason)): \"\(name.prefix(40))\(name.count > 40 ? "…" : "")\""
    }

    /// What an audit event records of a spec.
    package var auditDetails: [String: AuditValue] {
        ["name": .string(name), "scopes": .strings(scopes.sorted()), "ttl": .string(DurationText.format(tokenTtl)),
         "format": .string(tokenFormat.rawValue), "audiences": .strings(audiences.sorted()),
         "introspect": .bool(canIntrospect)]
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

    package var isEmpty: Bool { self == ClientChanges() }

    package func applied(to spec: ClientSpec) -> ClientSpec {
        ClientSpec(name: name ?? spec.name, scopes: scopes ?? spec.scopes, tokenTtl: tokenTtl ?? spec.tokenTtl,
                   tokenFormat: tokenFormat ?? spec.tokenFormat, audiences: audiences ?? spec.audiences,
                   canIntrospect: canIntrospect ?? spec.canIntrospect)
    }
}
