import Foundation
import OAuth2Core
import OAuth2Store

// The documented --json shapes. Keys are snake_case; times are RFC 3339 UTC strings;
// durations are whole seconds. Fields are only ever added, never renamed.

struct ClientJSON: Encodable {
    var clientId: String
    var clientSecret: String?
    var name: String
    var status: String
    var scopes: [String]
    var audiences: [String]
    var tokenTtl: Int
    var tokenFormat: String
    var introspect: Bool
    var createdAt: String?
    var updatedAt: String?
    var secrets: [SecretJSON]
    var liveTokens: Int

    init(_ details: ClientDetails, secret: ClientSecret? = nil) {
        let client = details.client
        clientId = client.id
        clientSecret = secret?.plaintext
        name = client.name
        status = client.status.rawValue
        scopes = details.scopes
        audiences = details.audiences
        tokenTtl = client.tokenTtl
        tokenFormat = client.tokenFormat.rawValue
        introspect = client.canIntrospect
        createdAt = Output.time(client.createdAt)
        updatedAt = Output.time(client.updatedAt)
        secrets = details.secrets.map(SecretJSON.init)
        liveTokens = details.liveTokens
    }
}

struct SecretJSON: Encodable {
    var prefix: String
    var createdAt: String?
    var expiresAt: String?

    init(_ secret: SecretRecord) {
        prefix = secret.displayPrefix
        createdAt = Output.time(secret.createdAt)
        expiresAt = Output.time(secret.expiresAt)
    }
}

struct ScopeJSON: Encodable {
    var name: String
    var description: String
    var createdAt: String?
    var clients: Int

    init(_ scope: ScopeSummary) {
        name = scope.name
        description = scope.description
        createdAt = Output.time(scope.createdAt)
        clients = scope.clientCount
    }
}

struct TokenJSON: Encodable {
    var jti: String
    var clientId: String
    var scope: String
    var audience: String
    var format: String
    var state: String
    var issuedAt: String?
    var expiresAt: String?
    var revokedAt: String?
    var revokedReason: String?
    var keyId: String?

    init(_ token: TokenRecord, now: EpochSeconds) {
        jti = token.jti
        clientId = token.clientId
        scope = token.scope
        audience = token.audience
        format = token.format.rawValue
        state = token.state(at: now).rawValue
        issuedAt = Output.time(token.issuedAt)
        expiresAt = Output.time(token.expiresAt)
        revokedAt = Output.time(token.revokedAt)
        revokedReason = token.revokedReason
        keyId = token.keyId
    }
}

struct KeyJSON: Encodable {
    var kid: String
    var alg: String
    var state: String
    var createdAt: String?
    var retiringAt: String?
    var retiredAt: String?

    init(_ key: SigningKeyRecord) {
        kid = key.kid
        alg = key.alg
        state = key.state.rawValue
        createdAt = Output.time(key.createdAt)
        retiringAt = Output.time(key.retiringAt)
        retiredAt = Output.time(key.retiredAt)
    }
}

struct AuditJSON: Encodable {
    var id: Int64
    var at: String?
    var actor: String
    var action: String
    var subject: String
    var details: JSONValue

    init(_ event: AuditEvent) {
        id = event.id ?? 0
        at = Output.time(event.at)
        actor = event.actor.rawValue
        action = event.action
        subject = event.subject
        details = (try? JSONDecoder().decode(JSONValue.self, from: Data(event.details.utf8))) ?? .object([:])
    }
}

/// Any JSON value, to pass stored JSON (audit details) through unchanged.
indirect enum JSONValue: Codable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(value): try container.encode(value)
        case let .number(value):
            if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case let .string(value): try container.encode(value)
        case let .array(values): try container.encode(values)
        case let .object(fields): try container.encode(fields)
        }
    }

    /// A compact one-line rendering for tables.
    var compact: String {
        switch self {
        case .null: "null"
        case let .bool(value): "\(value)"
        case let .number(value): value == value.rounded() ? "\(Int64(value))" : "\(value)"
        case let .string(value): value
        case let .array(values): "[" + values.map(\.compact).joined(separator: ",") + "]"
        case let .object(fields): fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.compact)" }.joined(separator: " ")
        }
    }
}

/// `oauth2 store migrate --json`: the migrations applied now (none if the schema was up to
/// date) and the schema version the database now has.
struct MigrationJSON: Encodable {
    var database: String
    var applied: [String]
    var version: Int
}

/// `oauth2 store copy --json`: rows copied per table.
struct CopyJSON: Encodable {
    var from: String
    var to: String
    var rows: [String: Int]
}
