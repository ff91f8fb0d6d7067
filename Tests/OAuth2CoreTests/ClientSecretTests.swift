import Testing
@testable import OAuth2Core

@Suite struct ClientSecretTests {
    @Test func generatedSecretsHaveThePrefixAnd43Base64URLCharacters() {
        let secret = ClientSecret.generate().plaintext
        #expect(secret.hasPrefix("o2s_"))
        let body = secret.dropFirst(4)
        #expect(body.count == 43)
        #expect(body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
    }

    @Test func secretsDoNotRepeat() {
        let secrets = Set((0..<1000).map { _ in ClientSecret.generate().plaintext })
        #expect(secrets.count == 1000)
    }

    @Test func hashVerifiesOnlyTheSameSecret() {
        let secret = ClientSecret.generate()
        let hash = secret.hashed()
        #expect(hash.matches(secret.plaintext))
        #expect(!hash.matches(ClientSecret.generate().plaintext))
        #expect(!hash.matches(secret.plaintext + "x"))
        #expect(!hash.matches(""))
        #expect(hash.salt.count == 16 && hash.digest.count == 32)
    }

    @Test func theSameSecretHashesDifferentlyUnderDifferentSalts() {
        let secret = ClientSecret.generate()
        #expect(secret.hashed().digest != secret.hashed().digest)
    }

    @Test func displayPrefixRevealsOnlySixRandomCharacters() {
        let secret = ClientSecret.generate()
        #expect(secret.displayPrefix.count == 10)
        #expect(secret.plaintext.hasPrefix(secret.displayPrefix))
    }

    @Test func constantTimeEqualityComparesWholeArrays() {
        #expect(ConstantTime.equal([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equal([1, 2], [1, 2, 3]))
    }

    @Test func clientIDsAreURLSafeAndUnique() {
        let ids = (0..<1000).map { _ in ClientID.generate() }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy { $0.count == 20 && $0.allSatisfy { $0.isLowercase || $0.isNumber } })
    }
}
