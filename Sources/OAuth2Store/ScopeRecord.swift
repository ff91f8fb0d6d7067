import GRDB

public struct ScopeRecord: StoredRecord, Sendable, Equatable {
    public static let databaseTableName = "scope"

    public var name: String
    public var description: String
    public var createdAt: EpochSeconds
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
