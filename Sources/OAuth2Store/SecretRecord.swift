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

    package init(id: Int64?, clientId: String, hash: Data, salt: Data, displayPrefix: String, createdAt: EpochSeconds,
                 expiresAt: EpochSeconds? = nil, endedAt: EpochSeconds? = nil) {
        self.id = id
        self.clientId = clientId
        self.hash = hash
        self.salt = salt
        self.displayPrefix = displayPrefix
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.endedAt = endedAt
    }

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

    package static func make(for secret: ClientSecret, clientId: String, at now: EpochSeconds) -> SecretRecord {
        let hash = secret.hashed()
        return SecretRecord(id: nil, clientId: clientId, hash: Data(hash.digest), salt: Data(hash.salt),
                            displayPrefix: secret.displayPrefix, createdAt: now)
    }

    /// The live secrets (oldest first) as a rotation leaves them, to be saved with the new
    /// one: the newest keeps working for `grace` seconds (0 ends it at once), any older one
    /// ends now, so at most two secrets are ever live.
    package static func rotated(_ live: [SecretRecord], grace: Int, at now: EpochSeconds) -> [SecretRecord] {
        var previous = live
        var changed: [SecretRecord] = []
        if var newest = previous.popLast() {
            if grace == 0 { newest.endedAt = now } else { newest.expiresAt = min(newest.expiresAt ?? .max, now + EpochSeconds(grace)) }
            changed.append(newest)
        }
        for var older in previous {
            older.endedAt = now
            changed.append(older)
        }
        return changed
    }

    /// The one live secret whose display prefix starts with `prefix`, ended at `now`; throws
    /// when none or several match.
    package static func ending(prefix: String, among live: [SecretRecord], clientId: String, at now: EpochSeconds) throws -> SecretRecord {
        let matching = live.filter { $0.displayPrefix.hasPrefix(prefix) && !prefix.isEmpty }
        guard matching.count == 1, var secret = matching.first else {
            throw matching.isEmpty
                ? StoreError.notFound("client \(clientId) has no live secret starting with \(prefix)")
                : StoreError.invalid("prefix \(prefix) matches \(matching.count) secrets; give more characters")
        }
        secret.endedAt = now
        return secret
    }
}
