import GRDB
import OAuth2Core

/// A registered client application, as stored.
public struct ClientRecord: StoredRecord, Sendable, Equatable {
    public static let databaseTableName = "client"

    public var id: String
    public var name: String
    public var status: ClientStatus
    /// Lifetime of the access tokens it receives, in seconds.
    public var tokenTtl: Int
    public var tokenFormat: TokenFormat
    /// Whether it may introspect every client's tokens (others only their own).
    public var canIntrospect: Bool
    public var createdAt: EpochSeconds
    public var updatedAt: EpochSeconds

    package init(id: String, name: String, status: ClientStatus, tokenTtl: Int, tokenFormat: TokenFormat,
                 canIntrospect: Bool, createdAt: EpochSeconds, updatedAt: EpochSeconds) {
        self.id = id
        self.name = name
        self.status = status
        self.tokenTtl = tokenTtl
        self.tokenFormat = tokenFormat
        self.canIntrospect = canIntrospect
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

extension ClientStatus: DatabaseValueConvertible {}
extension TokenFormat: DatabaseValueConvertible {}
extension AuditActor: DatabaseValueConvertible {}

extension ClientRecord {
    static func find(_ db: Database, id: String) throws -> ClientRecord {
        guard let client = try ClientRecord.fetchOne(db, key: id) else {
            throw StoreError.noClient(id)
        }
        return client
    }
}
