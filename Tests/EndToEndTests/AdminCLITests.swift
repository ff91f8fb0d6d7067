import Foundation
import Testing

@Suite(.serialized) struct AdminCLITests {
    let cli: OAuth2Binary

    init() throws { cli = try OAuth2Binary() }

    /// Registers the scopes and one client; returns the --json registration.
    func registerClient(_ name: String = "billing", extra: [String] = []) throws -> [String: Any] {
        for scope in ["read", "write"] { try cli.run(["scope", "add", scope]) }
        let result = try cli.run(["client", "add", name, "--scope", "read write", "--ttl", "15m", "--json"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(result.json() as? [String: Any])
    }

    @Test func theSecretIsShownOnceAndStoredNowhere() throws {
        defer { cli.cleanUp() }
        let registration = try registerClient()
        let secret = try #require(registration["client_secret"] as? String)
        let clientId = try #require(registration["client_id"] as? String)
        #expect(secret.hasPrefix("o2s_") && secret.count == 47)
        #expect(registration["token_ttl"] as? Int == 900)
        #expect(registration["scopes"] as? [String] == ["read", "write"])

        let rotated = try #require(try cli.run(["client", "rotate", clientId, "--json"]).json() as? [String: Any])
        let newSecret = try #require(rotated["client_secret"] as? String)
        #expect(newSecret != secret)

        let outputs = [
            try cli.run(["client", "show", clientId]), try cli.run(["client", "show", clientId, "--json"]),
            try cli.run(["client", "list"]), try cli.run(["client", "list", "--json"]),
            try cli.run(["audit"]), try cli.run(["audit", "--json"]),
        ]
        for output in outputs {
            #expect(output.status == 0)
            #expect(!output.stdout.contains(secret) && !output.stdout.contains(newSecret))
        }
        let bytes = try cli.storeBytes()
        for plaintext in [secret, newSecret] {
            #expect(bytes.range(of: Data(plaintext.utf8)) == nil, "secret found in the store's files")
            #expect(bytes.range(of: Data(plaintext.dropFirst(4).utf8)) == nil)
        }
    }

    @Test func humanOutputShowsTheSecretWithAWarning() throws {
        defer { cli.cleanUp() }
        try cli.run(["scope", "add", "read"])
        let result = try cli.run(["client", "add", "svc", "--scope", "read"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("client_secret: o2s_"))
        #expect(result.stderr.contains("shown only this once"))
    }

    @Test func storeFilesArePrivate() throws {
        defer { cli.cleanUp() }
        _ = try registerClient()
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: cli.dbPath + suffix) {
            let mode = try FileManager.default.attributesOfItem(atPath: cli.dbPath + suffix)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(suffix)")
        }
    }

    @Test func aStoreFileMadeByTouchIsMadePrivate() throws {
        defer { cli.cleanUp() }
        #expect(FileManager.default.createFile(atPath: cli.dbPath, contents: nil, attributes: [.posixPermissions: 0o644]))
        #expect(try cli.run(["scope", "list"]).status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: cli.dbPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func everyActionLeavesAnAuditEvent() throws {
        defer { cli.cleanUp() }
        let clientId = try #require(registerClient()["client_id"] as? String)
        try cli.run(["client", "update", clientId, "--ttl", "1h"])
        try cli.run(["client", "rotate", clientId, "--grace", "0"])
        try cli.run(["client", "disable", clientId, "--revoke-tokens"])
        try cli.run(["client", "enable", clientId])
        try cli.run(["key", "rotate", "--alg", "EdDSA"])
        try cli.run(["token", "revoke", "--client", clientId])
        try cli.run(["token", "purge"])
        try cli.run(["client", "delete", clientId, "--yes"])
        try cli.run(["scope", "delete", "write"])
        let events = try #require(try cli.run(["audit", "--json", "--limit", "100"]).json() as? [[String: Any]])
        let actions = events.compactMap { $0["action"] as? String }.reversed()
        #expect(Array(actions) == ["scope.add", "scope.add", "client.register", "client.update", "client.rotate_secret",
                                   "client.disable", "client.enable", "key.rotate", "token.revoke_client", "token.purge",
                                   "client.delete", "scope.delete"])
        #expect(events.allSatisfy { $0["actor"] as? String == "cli" })
    }

    @Test func badInputExitsOneWithOneLineAndChangesNothing() throws {
        defer { cli.cleanUp() }
        let clientId = try #require(registerClient()["client_id"] as? String)
        let before = try snapshot()
        let failures: [[String]] = [
            ["client", "show", "nope"],
            ["client", "add", "billing", "--scope", "read"],
            ["client", "add", "other", "--scope", "unknown"],
            ["scope", "add", "bad name"],
            ["scope", "add", "read"],
            ["scope", "delete", "read"],
            ["token", "revoke", "no-such-jti"],
            ["client", "expire-secret", clientId, "o2s_zzzzzz"],
        ]
        for arguments in failures {
            let result = try cli.run(arguments)
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("oauth2: ") && result.stderr.split(separator: "\n").count == 1, "\(arguments)")
            #expect(result.stdout.isEmpty)
        }
        #expect(try snapshot() == before)
        try cli.run(["client", "disable", clientId])
        let rotate = try cli.run(["client", "rotate", clientId])
        #expect(rotate.status == 1 && rotate.stderr.contains("disabled"))
    }

    /// What the store holds, as the CLI reports it.
    func snapshot() throws -> [String] {
        try [["client", "list", "--json"], ["scope", "list", "--json"], ["token", "list", "--json"], ["audit", "--json"]]
            .map { try cli.run($0).stdout }
    }

    @Test func usageErrorsExitTwo() throws {
        defer { cli.cleanUp() }
        for arguments in [["client", "add"], ["client", "add", "x", "--ttl", "forever"], ["token", "list", "--limit", "0"],
                          ["bogus"], ["client", "add", "x", "--format", "xml"], ["token", "revoke"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
        }
    }

    /// `--grace 106751991167300d` used to crash the CLI (signal 4) on timestamp overflow.
    @Test func durationsOutsideTheirRangeAreUsageErrorsNamingTheRange() throws {
        defer { cli.cleanUp() }
        let clientId = try #require(registerClient()["client_id"] as? String)
        let before = try snapshot()
        let cases: [([String], String)] = [
            (["client", "rotate", clientId, "--grace", "106751991167300d"], "0s to 365d"),
            (["client", "rotate", clientId, "--grace", "366d"], "0s to 365d"),
            (["client", "add", "x", "--ttl", "31d"], "1s to 30d"),
            (["client", "update", clientId, "--ttl", "0"], "1s to 30d"),
            (["token", "purge", "--older-than", "99999999999999d"], "0s to 3650d"),
            (["audit", "--since", "3651d"], "0s to 3650d"),
            (["serve", "--read-timeout", "0s"], "1s to 1h"),
            (["serve", "--idle-timeout", "2d"], "1s to 1d"),
        ]
        for (arguments, range) in cases {
            let result = try cli.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("must be from \(range)"), "\(arguments): \(result.stderr)")
        }
        #expect(try snapshot() == before)
    }

    @Test func refusesAnUnwritablePathAndANonSQLiteFile() throws {
        defer { cli.cleanUp() }
        let unwritable = try cli.run(["scope", "list", "--db", "/nonexistent-dir/x.sqlite"], withDB: false)
        #expect(unwritable.status == 1 && unwritable.stderr.contains("/nonexistent-dir/x.sqlite"))
        let notes = cli.directory.appendingPathComponent("notes.txt")
        try Data("hello".utf8).write(to: notes)
        let notSQLite = try cli.run(["scope", "list", "--db", notes.path], withDB: false)
        #expect(notSQLite.status == 1 && notSQLite.stderr.contains("not an SQLite database"))
        #expect(try String(contentsOf: notes, encoding: .utf8) == "hello")
    }

    @Test func deleteAsksUnlessYesAndRefusesWithoutATerminal() throws {
        defer { cli.cleanUp() }
        let clientId = try #require(registerClient()["client_id"] as? String)
        let refused = try cli.run(["client", "delete", clientId])
        #expect(refused.status == 1 && refused.stderr.contains("--yes"))
        #expect(try cli.run(["client", "show", clientId]).status == 0)
        #expect(try cli.run(["client", "delete", clientId, "--yes"]).status == 0)
        #expect(try cli.run(["client", "show", clientId]).status == 1)
    }

    @Test func dbComesFromTheEnvironmentOrTheWorkingDirectory() throws {
        defer { cli.cleanUp() }
        try cli.run(["scope", "add", "fromenv"], environment: ["OAUTH2_DB": cli.dbPath], withDB: false)
        #expect(try cli.run(["scope", "list"]).stdout.contains("fromenv"))
        try cli.run(["scope", "add", "local"], environment: ["OAUTH2_DB": ""], withDB: false)
        #expect(FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("oauth2.sqlite").path))
    }

    @Test func tablesAndJSONListTheSameThings() throws {
        defer { cli.cleanUp() }
        let clientId = try #require(registerClient(extra: ["--audience", "https://api.example.com", "--introspect", "--format", "opaque"])["client_id"] as? String)
        let table = try cli.run(["client", "list"]).stdout.split(separator: "\n")
        #expect(table.first?.hasPrefix("CLIENT_ID") == true)
        #expect(table.count == 2 && table[1].contains(clientId) && table[1].contains("opaque"))
        let shown = try #require(try cli.run(["client", "show", clientId, "--json"]).json() as? [String: Any])
        #expect(shown["audiences"] as? [String] == ["https://api.example.com"])
        #expect(shown["introspect"] as? Bool == true)
        #expect((shown["secrets"] as? [[String: Any]])?.count == 1)
        let scopes = try #require(try cli.run(["scope", "list", "--json"]).json() as? [[String: Any]])
        #expect(scopes.map { $0["clients"] as? Int } == [1, 1])
        let keys = try #require(try cli.run(["key", "rotate", "--json"]).json() as? [String: Any])
        #expect(keys["alg"] as? String == "ES256" && keys["state"] as? String == "active")
        try cli.run(["key", "rotate", "--alg", "RS256"])
        let listed = try #require(try cli.run(["key", "list", "--json"]).json() as? [[String: Any]])
        #expect(Set(listed.compactMap { $0["state"] as? String }) == ["active", "retiring"])
    }
}
