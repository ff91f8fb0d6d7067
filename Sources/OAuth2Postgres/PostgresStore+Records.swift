import Foundation
import OAuth2Core
import OAuth2Store
import PostgresNIO

/// The store's records read from PostgreSQL rows: each `…Columns` lists the columns its
/// decoder reads, in its order.
extension PostgresStore {
    static let clientColumns = "id, name, status, token_ttl, token_format, can_introspect, created_at, updated_at"

    static func client(_ row: PostgresRow) throws -> ClientRecord {
        let (id, name, status, ttl, format, canIntrospect, createdAt, updatedAt)
            = try row.decode((String, String, String, Int, String, Bool, Int64, Int64).self)
        return ClientRecord(id: id, name: name, status: try stored(status), tokenTtl: ttl, tokenFormat: try stored(format),
                            canIntrospect: canIntrospect, createdAt: createdAt, updatedAt: updatedAt)
    }

    static let secretColumns = "id, client_id, hash, salt, display_prefix, created_at, expires_at, ended_at"

    static func secret(_ row: PostgresRow) throws -> SecretRecord {
        let (id, clientId, hash, salt, displayPrefix, createdAt, expiresAt, endedAt)
            = try row.decode((Int64, String, Data, Data, String, Int64, Int64?, Int64?).self)
        return SecretRecord(id: id, clientId: clientId, hash: hash, salt: salt, displayPrefix: displayPrefix,
                            createdAt: createdAt, expiresAt: expiresAt, endedAt: endedAt)
    }

    static let tokenColumns = "jti, client_id, scope, audience, format, issued_at, expires_at, revoked_at, revoked_reason, key_id, token_hash"

    static func token(_ row: PostgresRow) throws -> TokenRecord {
        let (jti, clientId, scope, audience, format, issuedAt, expiresAt, revokedAt, revokedReason, keyId, tokenHash)
            = try row.decode((String, String, String, String, String, Int64, Int64, Int64?, String?, String?, Data?).self)
        return TokenRecord(jti: jti, clientId: clientId, scope: scope, audience: audience, format: try stored(format),
                           issuedAt: issuedAt, expiresAt: expiresAt, revokedAt: revokedAt, revokedReason: revokedReason,
                           keyId: keyId, tokenHash: tokenHash)
    }

    static let keyColumns = "kid, alg, private_key, state, created_at, retiring_at, retired_at"

    static func key(_ row: PostgresRow) throws -> SigningKeyRecord {
        let (kid, alg, privateKey, state, createdAt, retiringAt, retiredAt)
            = try row.decode((String, String, String, String, Int64, Int64?, Int64?).self)
        return SigningKeyRecord(kid: kid, alg: alg, privateKey: privateKey, state: try stored(state), createdAt: createdAt,
                                retiringAt: retiringAt, retiredAt: retiredAt)
    }

    /// An enumeration's case from its stored name; the schema's CHECK constraints keep
    /// anything else out, so another value means a database written by something else.
    static func stored<Value: RawRepresentable>(_ raw: String) throws -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: raw) else {
            throw StoreError.invalid("the store holds \"\(raw)\" where a \(Value.self) belongs")
        }
        return value
    }
}
