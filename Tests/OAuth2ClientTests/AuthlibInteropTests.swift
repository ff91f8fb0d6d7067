import Foundation
import OAuth2Client
import OAuth2Core
import OAuth2ResourceServer
import OAuth2Transport
import Testing
import TestSupport

/// Both libraries against an authorization server we did not write: Authlib (Python), as
/// Tests/Interop/authlib_server.py sets it up. The client gets and refreshes tokens from it;
/// the verifier checks its RFC 9068 JWTs with its JWKS and its opaque tokens by introspection.
@Suite(.serialized) struct AuthlibInteropTests {
    /// The Authlib server, running for as long as the value is held.
    final class Authlib {
        let process = Process()
        let issuer: String

        init() throws {
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Interop/authlib_server.py")
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script.path]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Its first line is its port; a server that cannot start closes the pipe instead.
            var firstLine = Data()
            while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
                firstLine.append(byte)
            }
            guard let port = Int(String(decoding: firstLine, as: UTF8.self)) else {
                kill(process.processIdentifier, SIGKILL)
                throw AuthlibError.didNotStart
            }
            issuer = "http://127.0.0.1:\(port)"
        }

        deinit {
            // SIGKILL: it keeps nothing, and a SIGTERM may reach it blocked (a child inherits
            // the signal mask of the test process's thread that spawned it).
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    enum AuthlibError: Error { case didNotStart }

    static let audience = "https://orders.example"

    @Test(arguments: [ClientAuthentication.Method.clientSecretBasic, .clientSecretPost])
    func theClientGetsCachesAndRefreshesAuthlibTokens(_ method: ClientAuthentication.Method) async throws {
        let authlib = try Authlib()
        let clock = ManualClock()
        var configuration = TokenSourceConfiguration(endpoint: .issuer(authlib.issuer),
                                                     authentication: ClientAuthentication(clientID: "jwt-client", secret: "jwt-secret", method: method))
        configuration.refreshJitter = 0
        let source = TokenSource(configuration: configuration, now: { clock.now })
        let first = try await source.token(scopes: ["orders:read"])
        #expect(first.scope == "orders:read")
        #expect(try await source.token(scopes: ["orders:read"]) == first)
        // Authlib's tokens live 300 s: at 81 % the source fetches the next in the background.
        clock.advance(by: .seconds(243))
        _ = try await source.token(scopes: ["orders:read"])
        #expect(await eventually(within: .seconds(5)) { (try? await source.token(scopes: ["orders:read"])) != first })
        #expect(await source.requestsSent == 2)

        let refused = TokenSource(configuration: TokenSourceConfiguration(
            endpoint: .issuer(authlib.issuer), authentication: ClientAuthentication(clientID: "jwt-client", secret: "wrong", method: method)))
        await #expect { _ = try await refused.token() } throws: { ($0 as? TokenRequestError)?.oauthError == "invalid_client" }
    }

    @Test func theVerifierChecksAuthlibJWTsWithItsJWKSAndOpaqueTokensByIntrospection() async throws {
        let authlib = try Authlib()
        func token(_ id: String, _ secret: String) async throws -> String {
            let source = TokenSource(configuration: TokenSourceConfiguration(
                endpoint: .issuer(authlib.issuer), authentication: ClientAuthentication(clientID: id, secret: secret)))
            return try await source.token(scopes: ["orders:read"]).value
        }
        var configuration = VerifierConfiguration(issuer: authlib.issuer, audience: Self.audience)
        configuration.mode = .automatic
        configuration.algorithms = ["RS256"]
        configuration.credentials = ClientAuthentication(clientID: "orders-api", secret: "api-secret")
        let verifier = AccessTokenVerifier(configuration: configuration)

        let jwt = try await verifier.verify(try await token("jwt-client", "jwt-secret"))
        #expect(jwt.method == .jwt && jwt.claims.clientID == "jwt-client" && jwt.scopes == ["orders:read"])
        let opaque = try await verifier.verify(try await token("opaque-client", "opaque-secret"))
        #expect(opaque.method == .introspection && opaque.claims.clientID == "opaque-client" && opaque.scopes == ["orders:read"])
        await #expect(throws: BearerError.invalidToken("not active")) { _ = try await verifier.verify("made-up-opaque-token") }

        let elsewhere = AccessTokenVerifier(configuration: VerifierConfiguration(issuer: authlib.issuer, audience: "https://other.example"))
        await #expect(throws: BearerError.invalidToken("not for this resource server")) {
            _ = try await elsewhere.verify(try await token("jwt-client", "jwt-secret"))
        }
    }
}
