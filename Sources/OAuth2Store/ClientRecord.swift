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
}

extension ClientStatus: DatabaseValueConvertible {}
extension TokenFormat: DatabaseValueConvertible {}
extension AuditActor: DatabaseValueConvertible {}

extension ClientRecord {
    static func find(_ db: Database, id: String) throws -> ClientRecord {
        guard let client = try ClientRecord.fetchOne(db, key: id) else {
            throw StoreError.notFound("no client with id \(id)")
        }
        return client
    }
}
