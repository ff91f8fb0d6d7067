import Crypto
import Foundation
import OAuth2Core
import OAuth2Store

/// An access token as sent to the client, and the row that records it.
struct MintedToken: Sendable {
    let accessToken: String
    let record: TokenRecord
}

/// Turns a grant into an access token: an RFC 9068 JWT signed with the active key, or an
/// opaque 256-bit random string. Either way the row records the token's SHA-256 (never the
/// token), which is how introspection and revocation find it: a presented token is ours
/// exactly when its hash is on record, so they need no signature check.
struct TokenMinter: Sendable {
    let issuer: String

    static let opaquePrefix = "o2t_"

    func mint(_ grant: ClientCredentialsGrant, for clientId: String, key: SigningKey, now: EpochSeconds) throws -> MintedToken {
        let jti = Base64URL.encode(RandomBytes.make(count: 16))
        let expiresAt = now + EpochSeconds(grant.lifetime)
        var record = TokenRecord(jti: jti, clientId: clientId, scope: grant.scope, audience: grant.audiences.joined(separator: " "),
                                 format: grant.format, issuedAt: now, expiresAt: expiresAt)
        let token: String
        switch grant.format {
        case .jwt:
            record.keyId = key.kid
            token = try jwt(grant, clientId: clientId, jti: jti, now: now, expiresAt: expiresAt, key: key)
        case .opaque:
            token = Self.opaquePrefix + Base64URL.encode(RandomBytes.make(count: 32))
        }
        record.tokenHash = Self.hash(token: token)
        return MintedToken(accessToken: token, record: record)
    }

    static func hash(token: String) -> Data {
        Data(SHA256.hash(data: Array(token.utf8)))
    }

    private func jwt(_ grant: ClientCredentialsGrant, clientId: String, jti: String, now: EpochSeconds,
                     expiresAt: EpochSeconds, key: SigningKey) throws -> String {
        let claims = JSONText.object([
            "iss": JSONText.quote(issuer), "sub": JSONText.quote(clientId), "client_id": JSONText.quote(clientId),
            "aud": JSONText.audience(grant.audiences), "scope": JSONText.quote(grant.scope), "iat": "\(now)", "exp": "\(expiresAt)", "jti": JSONText.quote(jti),
        ])
        let signingInput = key.encodedAccessTokenHeader + "." + Base64URL.encode(Array(claims.utf8))
        return signingInput + "." + Base64URL.encode(try key.sign(Array(signingInput.utf8)))
    }
}
