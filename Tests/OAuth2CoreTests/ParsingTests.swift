import Foundation
import Testing
@testable import OAuth2Core

@Suite struct ScopeTests {
    @Test(arguments: ["read", "orders:write", "a.b/c", "!", "#[]~", "x-y_z"])
    func acceptsNQCHARNames(_ name: String) {
        #expect(Scope.isValidName(name))
    }

    @Test(arguments: ["", "has space", "quo\"te", "back\\slash", "tab\t", "ünï", "\u{7F}"])
    func rejectsOtherNames(_ name: String) {
        #expect(!Scope.isValidName(name))
    }

    @Test func parsesSpaceSeparatedStringsStrictly() {
        #expect(Scope.parse("a b c") == ["a", "b", "c"])
        #expect(Scope.parse("a  b") == nil)
        #expect(Scope.parse(" a") == nil)
        #expect(Scope.parse("") == nil)
    }
}

@Suite struct DurationTextTests {
    @Test func parsesUnits() throws {
        let any = DurationRange(0...Int.max)
        #expect(try any.parse("90s") == 90)
        #expect(try any.parse("15m") == 900)
        #expect(try any.parse("24h") == 86_400)
        #expect(try any.parse("7d") == 604_800)
        #expect(try any.parse("0") == 0)
    }

    @Test(arguments: ["", "s", "10", "-5m", "1.5h", "1w", "m5", "99999999999999999999d"])
    func rejectsMalformed(_ text: String) {
        let any = DurationRange(0...Int.max)
        #expect(throws: DurationProblem.malformed(any)) { try any.parse(text) }
    }

    /// `client rotate --grace 106751991167300d` fits an Int but overflowed the store's
    /// timestamp arithmetic; every use bounds its durations.
    @Test(arguments: [(DurationRange.secretGrace, "366d"), (.secretGrace, "106751991167299d"), (.tokenLifetime, "0"),
                      (.tokenLifetime, "31d"), (.lookBack, "3651d"), (.readTimeout, "0s"), (.readTimeout, "61m"),
                      (.idleTimeout, "25h")])
    func refusesValuesOutsideTheirRange(_ range: DurationRange, _ text: String) {
        #expect(throws: DurationProblem.outOfRange(range)) { try range.parse(text) }
    }

    @Test func theProblemNamesTheRange() {
        #expect("\(DurationProblem.outOfRange(.secretGrace))" == "must be from 0s to 365d")
        #expect("\(DurationProblem.outOfRange(.tokenLifetime))" == "must be from 1s to 30d")
        #expect(throws: Never.self) { try DurationRange.secretGrace.parse("365d") }
    }

    @Test func formatsExactly() {
        #expect(DurationText.format(3600) == "1h")
        #expect(DurationText.format(90) == "90s")
        #expect(DurationText.format(0) == "0s")
        #expect(DurationText.format(172_800) == "2d")
    }
}

@Suite struct ResourceIndicatorTests {
    @Test func acceptsAbsoluteURIs() {
        #expect(ResourceIndicator.isValid("https://api.example.com"))
        #expect(ResourceIndicator.isValid("https://api.example.com/v1"))
        #expect(ResourceIndicator.isValid("urn:example:api"))
    }

    @Test func rejectsRelativeOrFragmented() {
        #expect(!ResourceIndicator.isValid("api.example.com"))
        #expect(!ResourceIndicator.isValid("/v1"))
        #expect(!ResourceIndicator.isValid("https://api.example.com/#frag"))
        #expect(!ResourceIndicator.isValid(""))
    }
}

@Suite struct Base64URLTests {
    @Test func matchesFoundationsBase64WithoutPaddingInTheURLAlphabet() {
        for length in 0..<40 {
            let bytes = RandomBytes.make(count: length)
            let expected = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(Base64URL.encode(bytes) == expected)
            #expect(Base64URL.decode(expected[...].utf8) == bytes)
        }
    }

    @Test func standardDecodingMatchesFoundationWithPadding() {
        for length in 0..<40 {
            let bytes = RandomBytes.make(count: length)
            #expect(Base64Decoder.decode(Data(bytes).base64EncodedString()[...].utf8, alphabet: .standard) == bytes)
        }
        #expect(Base64Decoder.decode("YWJj"[...].utf8, alphabet: .standard) == Array("abc".utf8))
        #expect(Base64Decoder.decode("YWI="[...].utf8, alphabet: .standard) == Array("ab".utf8))
        #expect(Base64Decoder.decode("YWI"[...].utf8, alphabet: .standard) == nil)
        #expect(Base64Decoder.decode("Y=Jj"[...].utf8, alphabet: .standard) == nil)
        #expect(Base64Decoder.decode("YW-j"[...].utf8, alphabet: .standard) == nil)
    }

    @Test func decodingRefusesTextOutsideTheAlphabetOrOfImpossibleLength() {
        #expect(Base64URL.decode("ab+d"[...].utf8) == nil)
        #expect(Base64URL.decode("ab=d"[...].utf8) == nil)
        #expect(Base64URL.decode("abcde"[...].utf8) == nil)
    }
}

@Suite struct HexAndRandomTests {
    @Test func hexTextIsFixedWidthLowercase() {
        #expect(HexDigit.text(0x19a_bcde_f012, width: 12) == "019abcdef012")
        #expect(HexDigit.text(0, width: 4) == "0000")
        #expect(HexDigit.text(0xff, width: 1) == "f")
    }

    @Test func randomBytesComeInTheAskedCountAndNeverRepeat() {
        #expect(RandomBytes.make(count: 0).isEmpty)
        #expect(RandomBytes.make(count: 10_000).count == 10_000)
        // Enough draws to run through the pool several times.
        let draws = (0..<2000).map { _ in RandomBytes.make(count: 16) }
        #expect(draws.allSatisfy { $0.count == 16 })
        #expect(Set(draws).count == draws.count)
    }
}

@Suite struct JSONTextTests {
    @Test func quotesAndEscapesAsJSONSerializationReadsBack() throws {
        for text in ["plain", "", "a\"b", "back\\slash", "line\nbreak\r\t", "\u{01}\u{1f}", "ünïcødé ✓"] {
            let document = JSONText.object(["k": JSONText.quote(text)])
            let parsed = try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: String]
            #expect(parsed?["k"] == text, "\(document)")
        }
        #expect(JSONText.quote("\u{01}") == "\"\\u0001\"")
        #expect(JSONText.object(["a": "1", "b": nil, "c": "true"]) == "{\"a\":1,\"c\":true}")
    }
}

@Suite struct FormBodyTests {
    private func form(_ text: String) throws -> FormBody { try FormBody.parse(Array(text.utf8)) }

    @Test func splitsPairsAndDecodesThem() throws {
        let body = try form("grant_type=client_credentials&scope=a+b%3Ac&&resource=x&resource=y&flag&empty=&=orphan&")
        #expect(try body.single("grant_type") == "client_credentials")
        #expect(try body.single("scope") == "a b:c")
        #expect(body.all("resource") == ["x", "y"])
        #expect(try body.single("flag") == nil && body.all("flag").isEmpty)
        #expect(try body.single("empty") == nil)
        #expect(try body.single("") == "orphan")
    }

    @Test func aRepeatedParameterIsInvalid() throws {
        #expect(throws: OAuthError.self) { try form("scope=a&scope=b").single("scope") }
    }

    @Test func refusesBrokenPercentEncodingAndNonUTF8() {
        #expect(throws: OAuthError.self) { try form("a=%G1") }
        #expect(throws: OAuthError.self) { try form("a=%4") }
        #expect(throws: OAuthError.self) { try form("a=%FF") }
    }
}

@Suite struct BasicCredentialsTests {
    private func basic(_ pair: String) -> String { "Basic " + Data(pair.utf8).base64EncodedString() }
    private let noBody = FormBody(values: [:])

    @Test func decodesTheFormEncodedPair() throws {
        let credentials = try ClientCredentials.extract(authorization: basic("my%20app:s%3Acret+x"), body: noBody)
        #expect(credentials == ClientCredentials(clientId: "my app", secret: "s:cret x", method: .basic))
        let spaced = "bAsIc   " + Data("id:secret".utf8).base64EncodedString()
        #expect(try ClientCredentials.extract(authorization: spaced, body: noBody).clientId == "id")
    }

    @Test(arguments: ["Bearer abc", "Basic", "Basicx YWI6Yw==", "Basic !!!!", "Basic YWJj", "Basic " + Data(":secret".utf8).base64EncodedString()])
    func refusesMalformedHeaders(_ header: String) {
        #expect(throws: OAuthError.self) { try ClientCredentials.extract(authorization: header, body: noBody) }
    }
}
