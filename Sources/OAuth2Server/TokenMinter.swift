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
/// opaque string of its jti and 256 random bits. Either way the row records the token's
/// SHA-256 (never the token). Introspection and revocation find the row by the jti the
/// token carries and accept the token only if its hash matches: a presented token is ours
/// exactly then, so they need no signature check.
struct TokenMinter: Sendable {
    let issuer: String

    static let opaquePrefix = "o2t_"

    func mint(_ grant: ClientCredentialsGrant, for clientId: String, key: SigningKey, now: EpochSeconds) throws -> MintedToken {
        let jti = TokenRecord.makeJTI()
        let expiresAt = now + EpochSeconds(grant.lifetime)
        var record = TokenRecord(jti: jti, clientId: clientId, scope: grant.scope, audience: grant.audiences.joined(separator: " "),
                                 format: grant.format, issuedAt: now, expiresAt: expiresAt)
        let token: String
        switch grant.format {
        case .jwt:
            record.keyId = key.kid
            token = try jwt(grant, clientId: clientId, jti: jti, now: now, expiresAt: expiresAt, key: key)
        case .opaque:
            token = Self.opaquePrefix + jti + "." + Base64URL.encode(RandomBytes.make(count: 32))
        }
        record.tokenHash = Self.hash(token: token)
        return MintedToken(accessToken: token, record: record)
    }

    static func hash(token: String) -> Data {
        Data(SHA256.hash(data: Array(token.utf8)))
    }

    /// The jti a presented token claims to carry: before the dot of an opaque token, or the
    /// `jti` claim of a JWT's payload as this minter writes it. Nil if there is none. What
    /// this returns is only a lookup key, trusted after the token's hash matches the row.
    static func jti(of presented: String) -> String? {
        if presented.hasPrefix(opaquePrefix) {
            let rest = presented.utf8.dropFirst(opaquePrefix.utf8.count)
            return rest.firstIndex(of: UInt8(ascii: ".")).map { String(presented[rest.startIndex..<$0]) }
        }
        // header.payload.signature, found with plain scans: a generic split cost a tenth
        // of an introspection.
        let bytes = presented.utf8
        let dot = UInt8(ascii: ".")
        guard let headerEnd = bytes.firstIndex(of: dot) else { return nil }
        let payloadStart = bytes.index(after: headerEnd)
        guard let payloadEnd = bytes[payloadStart...].firstIndex(of: dot),
              !bytes[bytes.index(after: payloadEnd)...].contains(dot)
        else { return nil }
        let payload = bytes[payloadStart..<payloadEnd]
        // The claim comes first in what this minter writes, so the first 48 bytes of the
        // payload (64 base64url characters) hold it; anything else is decoded whole.
        for encoded in [payload.prefix(64), payload] {
            guard let payload = Base64URL.decode(encoded) else { return nil }
            if let start = Self.end(of: jtiMarker, in: payload),
               let end = payload[start...].firstIndex(of: UInt8(ascii: "\"")) {
                return String(decoding: payload[start..<end], as: UTF8.self)
            }
        }
        return nil
    }

    private static let jtiMarker = Array(#""jti":""#.utf8)

    /// Where the first `marker` in `bytes` ends. A plain scan: the generic `firstRange(of:)`
    /// (from Foundation's DataProtocol) cost more than the rest of an introspection.
    private static func end(of marker: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= marker.count else { return nil }
        for start in 0...(bytes.count - marker.count) where bytes[start] == marker[0] {
            if bytes[start..<start + marker.count].elementsEqual(marker) { return start + marker.count }
        }
        return nil
    }

    private func jwt(_ grant: ClientCredentialsGrant, clientId: String, jti: String, now: EpochSeconds,
                     expiresAt: EpochSeconds, key: SigningKey) throws -> String {
        // `jti` first: introspection reads it from the front of the payload (see `jti(of:)`).
        let claims = JSONText.object([
            "jti": JSONText.quote(jti), "iss": JSONText.quote(issuer), "sub": JSONText.quote(clientId),
            "client_id": JSONText.quote(clientId), "aud": JSONText.audience(grant.audiences), "scope": JSONText.quote(grant.scope),
            "iat": "\(now)", "exp": "\(expiresAt)",
        ])
        let signingInput = key.encodedAccessTokenHeader + "." + Base64URL.encode(Array(claims.utf8))
        return signingInput + "." + Base64URL.encode(try key.sign(Array(signingInput.utf8)))
    }
}
