import FuzzSupport
import OAuth2Core

/// One input is a request body as the token, introspection and revocation endpoints read
/// it. Errors are answers; a crash or a sanitizer report is a finding.
runLibFuzzer { data, size in
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let form = try? FormBody.parse(bytes) else { return 0 }
    // What the endpoints ask of a parsed form.
    for name in ["grant_type", "scope", "client_id", "client_secret", "token", "token_type_hint"] {
        _ = try? form.single(name)
    }
    _ = form.all("resource")
    return 0
}
