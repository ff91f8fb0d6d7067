import Foundation
import GRDB
import OAuth2Core

/// One of a client's secrets: only its salted hash and a short display prefix are stored.
public struct SecretRecord: StoredRecord, Sendable, Equatable {
    public static let databaseTableName = "client_secret"

    public var id: Int64?
    public var clientId: String
    public var hash: Data
    public var salt: Data
    public var displayPrefix: String
    public var createdAt: EpochSeconds
    /// When a rotation's grace period ends it; nil while it is the current secret.
    public var expiresAt: EpochSeconds?
    /// When an admin ended it explicitly.
    public var endedAt: EpochSeconds?

    public var secretHash: SecretHash { SecretHash(salt: Array(salt), digest: Array(hash)) }

    public func isLive(at now: EpochSeconds) -> Bool {
        endedAt == nil && (expiresAt.map { $0 > now } ?? true)
    }

    static func live(clientId: String, at now: EpochSeconds) -> QueryInterfaceRequest<SecretRecord> {
        SecretRecord
            .filter(Column("client_id") == clientId && Column("ended_at") == nil)
            .filter(Column("expires_at") == nil || Column("expires_at") > now)
            .order(Column("id"))
    }

    static func make(for secret: ClientSecret, clientId: String, at now: EpochSeconds) -> SecretRecord {
        let hash = secret.hashed()
        return SecretRecord(id: nil, clientId: clientId, hash: Data(hash.digest), salt: Data(hash.salt),
                            displayPrefix: secret.displayPrefix, createdAt: now)
    }
}
