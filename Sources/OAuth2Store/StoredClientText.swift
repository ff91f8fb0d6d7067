import OAuth2Core

/// How the stores' one-query reads of a client render its lists: space-separated words,
/// each secret as `HEX(salt):HEX(hash):EXPIRES_AT` (the expiry empty for a secret without
/// one). SQLite's `hex()` and PostgreSQL's `encode(…, 'hex')` differ only in case.
package enum StoredClientText {
    package static func words(_ text: String?) -> Set<String> {
        Set((text ?? "").split(separator: " ").map(String.init))
    }

    package static func acceptedSecret(_ text: String) -> AcceptedSecret? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let salt = bytes(hex: parts[0]), let digest = bytes(hex: parts[1]) else { return nil }
        let expiresAt = parts[2].isEmpty ? nil : EpochSeconds(parts[2])
        return AcceptedSecret(hash: SecretHash(salt: salt, digest: digest), expiresAt: expiresAt)
    }

    /// Decodes hex text byte by byte, without string slicing.
    private static func bytes(hex: Substring) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = HexDigit.value(digits[index]), let low = HexDigit.value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }
}
