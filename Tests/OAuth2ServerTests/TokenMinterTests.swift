import Foundation
import Testing
@testable import OAuth2Core
@testable import OAuth2Server
@testable import OAuth2Store

@Suite struct TokenMinterTests {
    let minter = TokenMinter(issuer: "https://issuer.example")

    func grant(_ format: TokenFormat) -> ClientCredentialsGrant {
        ClientCredentialsGrant(scopes: ["read"], audiences: ["https://api.example.com"], lifetime: 60, format: format)
    }

    @Test func jtisSortByIssueTimeAndDoNotRepeat() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let jtis = (0..<200).map { TokenRecord.makeJTI(at: start.addingTimeInterval(Double($0) / 100)) }
        #expect(jtis == jtis.sorted())
        #expect(Set(jtis).count == jtis.count)
        #expect(Set((0..<200).map { _ in TokenRecord.makeJTI(at: start) }).count == 200)
    }

    @Test func theJTIOfEitherKindOfTokenIsWhereTheMinterPutIt() throws {
        let key = try SigningKeyRecord.generate(.es256)
        for format in [TokenFormat.jwt, .opaque] {
            let minted = try minter.mint(grant(format), for: "client", key: SigningKey(record: key), now: Clock.system.now())
            #expect(TokenMinter.jti(of: minted.accessToken) == minted.record.jti)
        }
    }

    @Test func theJTIIsFoundWhereverAPayloadPutsIt() {
        let padding = String(repeating: "x", count: 100)
        for claims in [#"{"jti":"abc","pad":"\#(padding)"}"#, #"{"pad":"\#(padding)","jti":"abc"}"#] {
            let token = "e30." + Base64URL.encode(Array(claims.utf8)) + ".c2ln"
            #expect(TokenMinter.jti(of: token) == "abc")
        }
    }

    @Test func textThatIsNoTokenOfOursHasNoJTI() {
        for presented in ["", "o2t_", "o2t_nodot", "a.b", "a.!!.c", "a.\(Base64URL.encode(Array("{}".utf8))).c", "...."] {
            #expect(TokenMinter.jti(of: presented) == nil, "\(presented)")
        }
    }
}
