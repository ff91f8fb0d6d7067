import FuzzSupport
import OAuth2Core
@testable import OAuth2Server

/// One input is a token presented for introspection or revocation, whose jti the server
/// scans for without verifying anything. Besides not crashing, the scan must find the jti
/// of every token shaped as the minter writes them, whatever the claim's length: the input,
/// less what JSON would escape, serves as one.
runLibFuzzer { data, size in
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = TokenMinter.jti(of: String(decoding: bytes, as: UTF8.self))
    let jti = String(decoding: bytes.filter { $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") && $0 >= 0x20 }, as: UTF8.self)
    let claims = #"{"jti":"\#(jti)","iss":"https://issuer.example","sub":"client"}"#
    let token = MintedShape.header + "." + Base64URL.encode(Array(claims.utf8)) + "." + MintedShape.signature
    let found = TokenMinter.jti(of: token)
    guard found == jti else { fatalError("\(token): jti \(String(describing: found)), not \(jti.debugDescription)") }
    return 0
}

/// The parts of a minted JWT the scan passes over.
private enum MintedShape {
    static let header = Base64URL.encode(Array(#"{"alg":"ES256","typ":"at+jwt","kid":"k1"}"#.utf8))
    static let signature = Base64URL.encode(Array(repeating: 7, count: 64))
}
