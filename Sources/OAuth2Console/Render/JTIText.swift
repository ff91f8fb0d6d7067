/// How a token's jti is shown where it must be short (a column, a log line, a prompt): its
/// last 8 characters. A jti starts with its issue time in milliseconds, so tokens issued
/// close together share their first digits; the end is random and tells them apart. The
/// list's `/` filter matches any part of the jti, so the short form finds its token.
enum JTIText {
    static let shortLength = 8

    static func short(_ jti: String) -> String { String(jti.suffix(shortLength)) }
}
