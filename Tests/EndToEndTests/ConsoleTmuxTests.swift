import Foundation
import TestSupport
import Testing

/// The console as an admin uses it: the real binary in a real terminal (tmux), a real
/// HTTP request to its embedded token endpoint.
@Suite(.serialized) struct ConsoleTmuxTests {
    @Test func adminWorkflowFromScopeToRevocationAndRotation() throws {
        let binary = try OAuth2Binary()
        defer { binary.cleanUp() }
        let tmux = Tmux(socket: "oauth2-console-\(UUID().uuidString.prefix(8))")
        defer { tmux.kill() }
        try tmux.start(command: "\(OAuth2Binary.url.path) console --db \(binary.dbPath) --port 0; echo console-exit=$?; sleep 60",
                       in: binary.directory)

        let header = try tmux.waitFor("1 Clients")
        let port = try #require(header.firstMatch(of: /http:\/\/127\.0\.0\.1:(\d+)/)).1
        let base = "http://127.0.0.1:\(port)"

        tmux.keys("4", "a")
        try tmux.waitFor("Scope name")
        tmux.type("read reading things")
        tmux.keys("Enter")
        try tmux.waitFor("added scope read")

        tmux.keys("1", "n")
        try tmux.waitFor("Register client")
        tmux.type("svc-e2e")
        tmux.keys("Tab", "Space", "Enter")
        let dialog = try tmux.waitFor("will not be shown again")
        let clientId = String(try #require(dialog.firstMatch(of: /client_id\s+(\S+)/)).1)
        let secret = String(try #require(dialog.firstMatch(of: /client_secret\s+(o2s_[A-Za-z0-9_-]+)/)).1)
        tmux.keys("Enter")
        try tmux.waitFor("registered client svc-e2e")
        #expect(!tmux.capture().contains(secret), "the secret leaves the screen with its dialog")

        let tokenResponse = try curl(["-u", "\(clientId):\(secret)", "-d", "grant_type=client_credentials", "\(base)/token"])
        let accessToken = String(try #require(tokenResponse.firstMatch(of: /"access_token":"([^"]+)"/)).1)
        try tmux.waitFor("to svc-e2e [read]")

        // The list follows the store (within a second); the log heard of the token at once.
        tmux.keys("2")
        try tmux.waitFor("Tokens (1)")
        tmux.keys("x")
        try tmux.waitFor("Revoke token")
        tmux.keys("y")
        try tmux.waitFor("revoked token")
        let introspection = try curl(["-u", "\(clientId):\(secret)", "-d", "token=\(accessToken)", "\(base)/introspect"])
        #expect(introspection == "{\"active\":false}")

        tmux.keys("1", "r")
        try tmux.waitFor("Grace for the old secret")
        tmux.keys("Enter")
        try tmux.waitFor("New secret of svc-e2e")
        tmux.keys("Escape")
        // The detail pane (always shown at 120 columns) lists both live secrets.
        try tmux.waitFor("secret 2")

        tmux.keys("q")
        try tmux.waitFor("Quit? The token endpoint")
        tmux.keys("y")
        let after = try tmux.waitFor("console-exit=0")
        #expect(!after.contains("Clients"), "the console's screen is gone: the terminal is restored")
    }

    /// Under `TERM=xterm-256color`, whose terminfo lists other sequences than tmux sends,
    /// End is still End (not `[`, `4`, `~`: the Scopes view and a paused log), and Alt-d
    /// is not Escape then `d` (the disable prompt).
    @Test func keysDecodeWholeUnderAnotherTerminfo() throws {
        let binary = try OAuth2Binary()
        defer { binary.cleanUp() }
        for name in ["svc-a", "svc-b", "svc-c"] { try binary.run(["client", "add", name]) }
        let tmux = Tmux(socket: "oauth2-console-\(UUID().uuidString.prefix(8))")
        defer { tmux.kill() }
        try tmux.start(command: "\(OAuth2Binary.url.path) console --db \(binary.dbPath) --port 0; echo console-exit=$?; sleep 60",
                       in: binary.directory, term: "xterm-256color")
        try tmux.waitFor("svc-c")
        // Enter gives the detail pane the keys: it shows the selected client.
        tmux.keys("End", "Enter")
        var screen = try tmux.waitFor("name         svc-c")
        #expect(screen.contains("Clients (3)") && screen.contains("Log (following"), "\(screen)")
        tmux.keys("Escape", "Home", "M-d", "Enter")
        screen = try tmux.waitFor("name         svc-a")
        #expect(!screen.contains("Disable svc-a?") && !screen.contains("disabled svc-a"), "\(screen)")
        // Escape and q within ESCDELAY (25 ms) of each other would be Alt-q: q waits until
        // the Escape has been read (the pane gave the keys back).
        tmux.keys("Escape")
        try tmux.waitFor("┌─ Detail ─")
        tmux.keys("q")
        try tmux.waitFor("Quit? The token endpoint")
        tmux.keys("y")
        try tmux.waitFor("console-exit=0")
    }

    /// Forty long scope names and an 80×24 terminal once made `n` kill the process, token
    /// endpoint and all. Here the form opens, filters the scopes, and the console lives on;
    /// a second console over the same store registers a client, and the first one's log
    /// hears of it.
    @Test func aFormWithManyScopesAtEightyColumnsAndASecondConsole() throws {
        let binary = try OAuth2Binary()
        defer { binary.cleanUp() }
        for index in 0..<40 { try binary.run(["scope", "add", "api.example.com/resource-\(index):read"]) }
        let small = Tmux(socket: "oauth2-console-\(UUID().uuidString.prefix(8))")
        defer { small.kill() }
        try small.start(command: "\(OAuth2Binary.url.path) console --db \(binary.dbPath) --port 0; echo console-exit=$?; sleep 60",
                        in: binary.directory, width: 80, height: 24)
        try small.waitFor("1 Clients")
        small.keys("n")
        try small.waitFor("Register client")
        small.keys("Tab")
        small.type("resource-39")
        // The whole filter typed (the keys arrive one by one; "resource-3" shows ten more).
        let form = try small.waitFor("/resource-39: 1 of 40")
        #expect(form.contains("resource-39:read"), "\(form)")
        #expect(!form.contains("resource-38:read"), "typing filters the scopes: \(form)")
        small.keys("Escape")
        try small.waitFor("1 Clients")

        let other = Tmux(socket: "oauth2-console-\(UUID().uuidString.prefix(8))")
        defer { other.kill() }
        try other.start(command: "\(OAuth2Binary.url.path) console --db \(binary.dbPath) --port 0; echo console-exit=$?; sleep 60",
                        in: binary.directory)
        try other.waitFor("1 Clients")
        other.keys("n")
        try other.waitFor("Register client")
        other.type("svc-other")
        other.keys("Enter")
        try other.waitFor("will not be shown again")
        other.keys("Enter")
        try small.waitFor("console: client.register")
        #expect(small.capture().contains("svc-other"))
        small.keys("q")
        try small.waitFor("Quit? The token endpoint")
        small.keys("y")
        try small.waitFor("console-exit=0")
    }

    @Test func sigtermRestoresTheTerminal() throws {
        let binary = try OAuth2Binary()
        defer { binary.cleanUp() }
        let tmux = Tmux(socket: "oauth2-console-\(UUID().uuidString.prefix(8))")
        defer { tmux.kill() }
        let commandLine = "\(OAuth2Binary.url.path) --db \(binary.dbPath) --port 0"
        try tmux.start(command: "\(commandLine); echo console-exit=$?; sleep 60", in: binary.directory)
        try tmux.waitFor("1 Clients")
        let pid = try #require(try shell("pgrep -x -f '\(commandLine)'").split(separator: "\n").first)
        _ = try shell("kill -TERM \(pid)")
        let after = try tmux.waitFor("console-exit=0")
        #expect(!after.contains("Clients"))
    }

    /// A SIGTERM that comes while the console is still starting is neither lost nor fatal:
    /// the console quits as from `q`, exit status 0.
    @Test func sigtermDuringStartUpStillQuitsCleanly() throws {
        let binary = try OAuth2Binary()
        defer { binary.cleanUp() }
        _ = try binary.run(["scope", "add", "read"])
        // Another process holds the store's write lock for 3 s: the console, which must
        // write to open the store, is still starting when the signal comes.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import sqlite3, sys, time
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute("BEGIN IMMEDIATE")
            print("locked", flush=True)
            time.sleep(3)
            """, binary.dbPath]
        let locked = Pipe()
        holder.standardOutput = locked
        try holder.run()
        defer { holder.waitUntilExit() }
        #expect(String(decoding: locked.fileHandleForReading.availableData, as: UTF8.self).hasPrefix("locked"))
        let tmux = Tmux(socket: "oauth2-console-\(UUID().uuidString.prefix(8))")
        defer { tmux.kill() }
        let commandLine = "\(OAuth2Binary.url.path) --db \(binary.dbPath) --port 0"
        try tmux.start(command: "\(commandLine); echo console-exit=$?; sleep 60", in: binary.directory)
        Thread.sleep(forTimeInterval: 1)
        let pid = try #require(try shell("pgrep -x -f '\(commandLine)'").split(separator: "\n").first)
        _ = try shell("kill -TERM \(pid)")
        let after = try tmux.waitFor("console-exit=")
        #expect(after.contains("console-exit=0"))
        #expect(!after.contains("Clients"))
    }

    /// Attached to a store another process serves: the console shows that process's URL,
    /// counts every token it issues, and says so when the process is gone.
    @Test func attachedConsoleFollowsAServerInAnotherProcess() throws {
        let binary = try OAuth2Binary()
        defer { binary.cleanUp() }
        try binary.run(["scope", "add", "read"])
        let registration = try #require(try binary.run(["client", "add", "svc", "--scope", "read", "--format", "opaque", "--json"]).json()
            as? [String: Any])
        let launched = try binary.launchServer()
        let (server, port) = (launched.process, launched.port)
        defer { server.stop() }
        let tmux = Tmux(socket: "oauth2-console-\(UUID().uuidString.prefix(8))")
        defer { tmux.kill() }
        try tmux.start(command: "\(OAuth2Binary.url.path) console --attach --db \(binary.dbPath); echo console-exit=$?; sleep 60",
                       in: binary.directory, width: 132, height: 43)
        try tmux.waitFor("http://127.0.0.1:\(port) ● attached · serving")
        try tmux.waitFor("0 new tokens since attach")
        let basic = LoopbackHTTP.basic(registration["client_id"] as! String, registration["client_secret"] as! String)
        for _ in 0..<40 {
            let response = try LoopbackHTTP.requestToken(port: port, authorization: basic)
            #expect(response.status == 200)
        }
        try tmux.waitFor("40 new tokens since attach")
        // Killed without a word: its row goes stale.
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
        try tmux.waitFor("attached · stale: last seen", timeout: 15)
        tmux.keys("q")
        try tmux.waitFor("console-exit=0")
    }

    @Test func refusesWithoutATerminal() throws {
        let binary = try OAuth2Binary()
        defer { binary.cleanUp() }
        let result = try binary.run(["console"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("oauth2: the console needs a terminal"))
    }

    private func curl(_ arguments: [String]) throws -> String {
        try run("/usr/bin/env", ["curl", "-s", "--max-time", "5"] + arguments)
    }

    private func shell(_ command: String) throws -> String { try run("/bin/sh", ["-c", command]) }
}

/// A tmux server of its own (its own socket), driven like a person at the keyboard.
struct Tmux {
    let socket: String
    let session = "console"

    func start(command: String, in directory: URL, term: String = "tmux-256color", width: Int = 120, height: Int = 40) throws {
        try run("/usr/bin/env", ["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)",
                                 "-c", directory.path, "env", "TERM=\(term)", "sh", "-c", command])
    }

    func keys(_ keys: String...) {
        _ = try? run("/usr/bin/env", ["tmux", "-L", socket, "send-keys", "-t", session] + keys)
    }

    func type(_ text: String) {
        _ = try? run("/usr/bin/env", ["tmux", "-L", socket, "send-keys", "-t", session, "-l", text])
    }

    func capture() -> String {
        (try? run("/usr/bin/env", ["tmux", "-L", socket, "capture-pane", "-p", "-t", session])) ?? ""
    }

    /// Polls the screen until it shows `text`; fails with the screen after 10 s.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 10) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let screen = capture()
            if screen.contains(text) { return screen }
            if Date() > deadline { throw TmuxTimeout(expected: text, screen: screen) }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// Ends the session (its processes get SIGHUP) and the server. tmux 3.3a here leaves a
    /// server running after `kill-server` alone, so the session goes first.
    func kill() {
        _ = try? run("/usr/bin/env", ["tmux", "-L", socket, "kill-session", "-t", session])
        _ = try? run("/usr/bin/env", ["tmux", "-L", socket, "kill-server"])
    }
}

struct TmuxTimeout: Error, CustomStringConvertible {
    let expected: String
    let screen: String
    var description: String { "timed out waiting for \"\(expected)\"; the screen:\n\(screen)" }
}

/// Runs a program to completion (at most 30 s); its stdout.
@discardableResult
private func run(_ executable: String, _ arguments: [String]) throws -> String {
    try ChildProcess.run(executable, arguments, timeout: 30).stdout
}
