import JWTKit

/// One key of the issuer's JWKS as jwt-kit verifies with it, outside `JWTKeyCollection`:
/// that collection is an actor, so every verification would queue on it, one core at a time,
/// while a key's `JWTAlgorithm` checks signatures on any thread at once.
struct VerificationKey: Sendable {
    /// The JWS algorithm the key verifies: its JWK's `alg`, else the one its type implies.
    let algorithm: String
    let verifier: any JWTAlgorithm

    /// The algorithm a JWK without `alg` is taken to serve: ES256 for P-256, EdDSA for
    /// Ed25519, RS256 for RSA; nil for anything else, which is then left out.
    static func defaultAlgorithm(of jwk: JWK) -> String? {
        if jwk.keyType == .rsa { return "RS256" }
        if jwk.keyType == .ecdsa, jwk.curve == .ecdsa(.p256) { return "ES256" }
        if jwk.keyType == .octetKeyPair, jwk.curve == .eddsa(.ed25519) { return "EdDSA" }
        return nil
    }
}
