import GRDB
import OAuth2Core

public struct ScopeRecord: StoredRecord, Sendable, Equatable {
    public static let databaseTableName = "scope"

    public var name: String
    public var description: String
    public var createdAt: EpochSeconds

    package init(name: String, description: String, createdAt: EpochSeconds) {
        self.name = name
        self.description = description
        self.createdAt = createdAt
    }

    /// Throws unless `name` may name a scope; the stores, a client's spec and the console's
    /// prompt all check with it.
    package static func validateName(_ name: String) throws {
        guard Scope.isValidName(name) else {
            throw StoreError.invalid("invalid scope name \"\(name)\": use printable ASCII without spaces, quotes or backslashes (RFC 6749 §3.3)")
        }
    }
}

/// One row of the client↔scope allow-list.
struct ClientScopeRecord: StoredRecord {
    static let databaseTableName = "client_scope"
    var clientId: String
    var scopeName: String
}

/// One audience (RFC 8707 resource) a client may ask tokens for.
struct ClientAudienceRecord: StoredRecord {
    static let databaseTableName = "client_audience"
    var clientId: String
    var audience: String
}
