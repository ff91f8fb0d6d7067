import Foundation
import TestSupport

/// The built `oauth2` executable, run as a user would run it.
struct OAuth2Binary {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String

        /// stdout parsed as JSON.
        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
    }

    /// The checkout these tests are in.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `$OAUTH2_BINARY`, else the debug build next to these tests.
    static let url: URL = {
        if let path = ProcessInfo.processInfo.environment["OAUTH2_BINARY"] { return URL(fileURLWithPath: path) }
        return packageRoot.appendingPathComponent(".build/debug/oauth2")
    }()

    let directory: URL
    /// Where the store goes: `directory` unless a test puts it on a filesystem of its own.
    var storeDirectory: URL
    var dbPath: String { storeDirectory.appendingPathComponent("store.sqlite").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("oauth2-e2e-\(UUID().uuidString)")
        storeDirectory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// Runs `oauth2 ARGS --db <this test's store>` (unless `withDB` is false), stdin from
    /// /dev/null; a run past `timeout` is killed and thrown as an error.
    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:], withDB: Bool = true,
             timeout: TimeInterval = 60) throws -> Result {
        let result = try ChildProcess.run(Self.url.path, arguments + (withDB ? ["--db", dbPath] : []),
                                          environment: environment, directory: directory, timeout: timeout)
        guard !result.timedOut else { throw TimedOut(arguments: arguments, seconds: timeout) }
        return Result(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    struct TimedOut: Error, CustomStringConvertible {
        let arguments: [String]
        let seconds: TimeInterval
        var description: String { "oauth2 \(arguments.joined(separator: " ")) was still running after \(Int(seconds)) s" }
    }

    /// Starts `oauth2 ARGS --db <this test's store, or db>` in the background; its stderr goes
    /// to `logPath` (or the file `log` in the test's directory).
    func launch(_ arguments: [String], db: String? = nil, log: String? = nil) throws -> Process {
        let logPath = logPath(named: log)
        let process = Process()
        process.executableURL = Self.url
        process.arguments = arguments + ["--db", db ?? dbPath]
        process.currentDirectoryURL = directory
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    var logPath: String { directory.appendingPathComponent("serve.log").path }

    /// The log file `log` in the test's directory, or `logPath`.
    func logPath(named log: String?) -> String { log.map { directory.appendingPathComponent($0).path } ?? logPath }

    /// Every byte of the store's files (database, WAL, shared memory).
    func storeBytes() throws -> Data {
        try ["", "-wal", "-shm"].map { dbPath + $0 }
            .filter { FileManager.default.fileExists(atPath: $0) }
            .reduce(into: Data()) { $0.append(try Data(contentsOf: URL(fileURLWithPath: $1))) }
    }
}

extension OAuth2Binary {
    struct LaunchedServer {
        let process: Process
        let port: Int
    }

    /// Starts `oauth2 serve --port 0 ARGS` on this test's store (or `db`) and returns it once
    /// its log's `serving` line names the port the kernel gave it. A port found free
    /// beforehand could be taken by another test's server before ours bound it, and that
    /// server would answer in its place.
    func launchServer(_ arguments: [String] = [], db: String? = nil, log: String? = nil) throws -> LaunchedServer {
        let process = try launch(["serve", "--port", "0"] + arguments, db: db, log: log)
        let logPath = logPath(named: log)
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let serving = text.split(separator: "\n").first(where: { $0.contains("\"msg\":\"serving\"") }),
               let port = serving.firstMatch(of: /"port":"(\d+)"/).flatMap({ Int($0.1) }) {
                return LaunchedServer(process: process, port: port)
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        _ = process.stop()
        throw ServerDidNotStart(log: (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")
    }

    /// `count` `oauth2 serve` processes on `db` with one issuer, each logging to `serve-N.log`.
    func launchServers(_ count: Int, db: String) throws -> [LaunchedServer] {
        try (0..<count).map { try launchServer(["--issuer", "https://auth.example"], db: db, log: "serve-\($0).log") }
    }

    struct ServerDidNotStart: Error, CustomStringConvertible {
        let log: String
        var description: String { "oauth2 serve did not start within 30 s; its log: \(log)" }
    }
}
