import Foundation
import GRDB
import OAuth2Core

/// An issued access token, identified by its `jti`. The token string itself is never kept,
/// only its SHA-256: introspection and revocation find the row by the jti the token
/// carries and accept the token only if its hash matches.
public struct TokenRecord: StoredRecord, Sendable, Equatable {
    public static let databaseTableName = "token"

    public var jti: String
    public var clientId: String
    /// Space-separated granted scopes.
    public var scope: String
    public var audience: String
    public var format: TokenFormat
    public var issuedAt: EpochSeconds
    public var expiresAt: EpochSeconds
    public var revokedAt: EpochSeconds?
    public var revokedReason: String?
    /// The signing key's kid (JWTs only).
    public var keyId: String?
    /// SHA-256 of the token string.
    public var tokenHash: Data?

    public init(jti: String, clientId: String, scope: String, audience: String, format: TokenFormat,
                issuedAt: EpochSeconds, expiresAt: EpochSeconds, revokedAt: EpochSeconds? = nil,
                revokedReason: String? = nil, keyId: String? = nil, tokenHash: Data? = nil) {
        self.jti = jti
        self.clientId = clientId
        self.scope = scope
        self.audience = audience
        self.format = format
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.revokedReason = revokedReason
        self.keyId = keyId
        self.tokenHash = tokenHash
    }

    /// A new, unique jti that sorts by issue time: 12 hex digits of Unix milliseconds, then
    /// 80 random bits in base64url. The token table is keyed by it, so new rows append to
    /// its right edge (v2 migration), and listings order tokens issued in the same second.
    public static func makeJTI(at date: Date = Date()) -> String {
        HexDigit.text(UInt64(date.timeIntervalSince1970 * 1000), width: 12) + Base64URL.encode(RandomBytes.make(count: 10))
    }

    public func state(at now: EpochSeconds) -> TokenState {
        if revokedAt != nil { return .revoked }
        return expiresAt > now ? .active : .expired
    }
}

public enum TokenState: String, Sendable, Codable, CaseIterable {
    case active
    case revoked
    case expired
}

extension TokenRecord {
    static func live(at now: EpochSeconds) -> QueryInterfaceRequest<TokenRecord> {
        TokenRecord.filter(Column("revoked_at") == nil && Column("expires_at") > now)
    }

    static func inState(_ state: TokenState, at now: EpochSeconds) -> QueryInterfaceRequest<TokenRecord> {
        switch state {
        case .active: live(at: now)
        case .revoked: TokenRecord.filter(Column("revoked_at") != nil)
        case .expired: TokenRecord.filter(Column("revoked_at") == nil && Column("expires_at") <= now)
        }
    }
}
