import Foundation
import TestSupport
import Testing

/// `oauth2 serve` as a separate process, administered by the CLI as another process.
@Suite(.serialized) struct ServeTests {
    let cli: OAuth2Binary

    init() throws { cli = try OAuth2Binary() }

    struct Served {
        let process: Process
        let port: Int
        let clientId: String
        let secret: String
    }

    /// A store with one client and `oauth2 serve` running on it.
    func serve(extra: [String] = [], format: String = "jwt") throws -> Served {
        try cli.run(["scope", "add", "read"])
        let registration = try #require(try cli.run(["client", "add", "svc", "--scope", "read", "--format", format, "--json"]).json() as? [String: Any])
        let server = try cli.launchServer(extra)
        return Served(process: server.process, port: server.port, clientId: registration["client_id"] as! String, secret: registration["client_secret"] as! String)
    }

    var log: String { (try? String(contentsOfFile: cli.logPath, encoding: .utf8)) ?? "" }

    func token(_ served: Served, secret: String? = nil) throws -> LoopbackHTTP.Response {
        try LoopbackHTTP.requestToken(port: served.port, authorization: LoopbackHTTP.basic(served.clientId, secret ?? served.secret))
    }

    func stop(_ served: Served) -> Int32 { served.process.stop() }

    @Test func theCLIInAnotherProcessTakesEffectOnTheNextRequest() throws {
        defer { cli.cleanUp() }
        let served = try serve()
        #expect(try token(served).status == 200)
        #expect(try cli.run(["client", "disable", served.clientId]).status == 0)
        #expect(try token(served).error == "unauthorized_client")
        try cli.run(["client", "enable", served.clientId])
        let rotated = try #require(try cli.run(["client", "rotate", served.clientId, "--grace", "0", "--json"]).json() as? [String: Any])
        #expect(try token(served).status == 401)
        let fresh = try token(served, secret: rotated["client_secret"] as? String)
        #expect(fresh.status == 200)
        let jti = try #require(Self.claims(of: fresh.json["access_token"] as? String ?? "")["jti"] as? String)
        try cli.run(["token", "revoke", jti])
        let introspection = try LoopbackHTTP.send(port: served.port, "POST", "/introspect",
                                                  headers: ["Authorization": LoopbackHTTP.basic(served.clientId, rotated["client_secret"] as! String),
                                                            "Content-Type": "application/x-www-form-urlencoded"],
                                                  body: "token=\(fresh.json["access_token"] as! String)")
        #expect(introspection.text == "{\"active\":false}")
        #expect(stop(served) == 0)
    }

    @Test func shutdownWithRequestsInFlightLosesNoRow() throws {
        defer { cli.cleanUp() }
        let served = try serve()
        let results = ResultBox()
        let group = DispatchGroup()
        for _ in 0..<8 {
            DispatchQueue.global().async(group: group) {
                for _ in 0..<400 {
                    guard let response = try? token(served) else { return }
                    results.add(response)
                }
            }
        }
        Thread.sleep(forTimeInterval: 0.5)
        served.process.terminate()
        group.wait()
        #expect(served.process.stop() == 0)
        let issued = results.responses.filter { $0.status == 200 }.compactMap { $0.json["access_token"] as? String }
        #expect(issued.count > 0)
        let stored = try #require(try cli.run(["token", "list", "--json", "--limit", "100000"]).json() as? [[String: Any]])
        let storedJTIs = Set(stored.compactMap { $0["jti"] as? String })
        let answeredJTIs = Set(issued.compactMap { Self.claims(of: $0)["jti"] as? String })
        #expect(answeredJTIs.count == issued.count)
        #expect(answeredJTIs.isSubset(of: storedJTIs), "\(answeredJTIs.subtracting(storedJTIs).count) answered tokens missing from the store")
    }

    @Test func logsOneJSONLinePerOutcomeWithoutSecrets() throws {
        defer { cli.cleanUp() }
        let served = try serve()
        let issued = try token(served)
        _ = try token(served, secret: "o2s_wrong")
        #expect(stop(served) == 0)
        let lines = log.split(separator: "\n").map(String.init)
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == lines.count, "every line is JSON")
        let rfc3339 = ISO8601DateFormatter()
        rfc3339.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        #expect(objects.allSatisfy { object in
            guard let time = object["time"] as? String, time.count == 24, let date = rfc3339.date(from: time) else { return false }
            return abs(date.timeIntervalSinceNow) < 120
        }, "every line carries its UTC time to the millisecond")
        #expect(objects.contains { $0["outcome"] as? String == "issued" && $0["jti"] != nil && $0["latency_ms"] != nil })
        #expect(objects.contains { $0["outcome"] as? String == "denied" && $0["reason"] as? String == "invalid_client" })
        #expect(!log.contains(served.secret))
        #expect(!log.contains(issued.json["access_token"] as? String ?? "unreachable"))
    }

    @Test func warnsAboutPlainHTTPBeyondLoopback() throws {
        defer { cli.cleanUp() }
        let served = try serve(extra: ["--host", "0.0.0.0"])
        #expect(stop(served) == 0)
        #expect(log.contains("\"level\":\"warning\"") && log.contains("plain HTTP"))
    }

    @Test func refusesToStartOnABusyPort() throws {
        defer { cli.cleanUp() }
        let served = try serve()
        let second = try cli.run(["serve", "--port", "\(served.port)"])
        #expect(second.status == 1 && second.stderr.contains("cannot serve"))
        #expect(second.stderr.split(separator: "\n").count == 1, "one message, nothing from NIO: \(second.stderr)")
        #expect(stop(served) == 0)
    }

    @Test func refusesMissingCertificateFilesWithAMessage() throws {
        defer { cli.cleanUp() }
        let missing = cli.directory.appendingPathComponent("missing.pem").path
        let result = try cli.run(["serve", "--port", "0", "--tls-cert", missing, "--tls-key", missing])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("oauth2: cannot serve") && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    /// Over HTTPS with a throwaway self-signed certificate, as OAuth 2.0 clients insist.
    @Test func interoperatesWithRequestsOAuthlibAndJoserfcOverTLS() throws {
        defer { cli.cleanUp() }
        let (cert, key) = try makeCertificate()
        let served = try serve(extra: ["--tls-cert", cert, "--tls-key", key])
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Interop/client_credentials.py").path
        let python = try run("/usr/bin/env", ["python3", script, "https://127.0.0.1:\(served.port)", served.clientId, served.secret, cert])
        #expect(python.status == 0, "\(python.output)")
        #expect(python.output.contains("verified"))
        #expect(stop(served) == 0)
    }

    /// TLS 1.2 and 1.3 only, forward-secret AEAD suites only in 1.2; `--tls-min 1.3` alone.
    @Test func tlsFollowsTheIntermediateProfile() throws {
        defer { cli.cleanUp() }
        let (cert, key) = try makeCertificate()
        let handshake = { (port: Int, options: [String]) throws -> (status: Int32, output: String) in
            try run("/usr/bin/env", ["openssl", "s_client", "-connect", "127.0.0.1:\(port)", "-brief"] + options)
        }
        let served = try serve(extra: ["--tls-cert", cert, "--tls-key", key])
        // The client side is opened to everything (SECLEVEL=0) so that only the server refuses.
        #expect(try handshake(served.port, ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"]).status != 0)
        #expect(try handshake(served.port, ["-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA@SECLEVEL=0"]).status != 0)
        let aead = try handshake(served.port, ["-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"])
        #expect(aead.status == 0 && aead.output.contains("ECDHE-ECDSA-AES128-GCM-SHA256"), "\(aead.output)")
        #expect(try handshake(served.port, ["-tls1_3"]).status == 0)
        #expect(stop(served) == 0)

        let strict = try cli.launchServer(["--tls-cert", cert, "--tls-key", key, "--tls-min", "1.3"], log: "strict.log")
        #expect(try handshake(strict.port, ["-tls1_2"]).status != 0)
        #expect(try handshake(strict.port, ["-tls1_3"]).status == 0)
        strict.process.stop()
    }


    /// A throwaway self-signed P-256 certificate for 127.0.0.1: (certificate, key) paths.
    func makeCertificate() throws -> (String, String) {
        let cert = cli.directory.appendingPathComponent("cert.pem").path
        let key = cli.directory.appendingPathComponent("key.pem").path
        let openssl = try run("/usr/bin/env", ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                                                "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost",
                                                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        #expect(openssl.status == 0, "\(openssl.output)")
        return (cert, key)
    }

    /// Runs a program (at most 30 s); its status and its stdout and stderr together.
    func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try ChildProcess.run(executable, arguments, timeout: 30)
        return (result.status, result.stdout + result.stderr)
    }

    /// The JWT's claims, decoded without verification (tests verify signatures elsewhere).
    static func claims(of jwt: String) -> [String: Any] {
        let parts = jwt.split(separator: ".")
        guard parts.count == 3 else { return [:] }
        var payload = String(parts[1]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while payload.count % 4 != 0 { payload += "=" }
        return Data(base64Encoded: payload).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] } ?? [:]
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [LoopbackHTTP.Response] = []
    func add(_ response: LoopbackHTTP.Response) { lock.withLock { stored.append(response) } }
    var responses: [LoopbackHTTP.Response] { lock.withLock { stored } }
}
