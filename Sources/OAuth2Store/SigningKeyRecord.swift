import GRDB

/// A JWT signing key. Exactly one is active (it signs new tokens); retiring keys still
/// appear in the JWKS until every token they signed has expired; retired keys are kept
/// only for the record.
public struct SigningKeyRecord: StoredRecord, Sendable, Equatable {
    public static let databaseTableName = "signing_key"

    public var kid: String
    /// JWA name: ES256, RS256 or EdDSA.
    public var alg: String
    /// PEM (ES256, RS256) or base64 raw key (EdDSA); in the store, sealed (`sealed-v1:…`)
    /// when the store's keys are sealed with a key-encryption key.
    public var privateKey: String
    public var state: SigningKeyState
    public var createdAt: EpochSeconds
    public var retiringAt: EpochSeconds?
    public var retiredAt: EpochSeconds?

    public init(kid: String, alg: String, privateKey: String, state: SigningKeyState,
                createdAt: EpochSeconds, retiringAt: EpochSeconds? = nil, retiredAt: EpochSeconds? = nil) {
        self.kid = kid
        self.alg = alg
        self.privateKey = privateKey
        self.state = state
        self.createdAt = createdAt
        self.retiringAt = retiringAt
        self.retiredAt = retiredAt
    }
}

public enum SigningKeyState: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case active
    case retiring
    case retired
}
