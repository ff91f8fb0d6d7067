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

    /// `$OAUTH2_BINARY`, else the debug build next to these tests.
    static let url: URL = {
        if let path = ProcessInfo.processInfo.environment["OAUTH2_BINARY"] { return URL(fileURLWithPath: path) }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
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
        let logPath = log.map { directory.appendingPathComponent($0).path } ?? logPath
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

    /// `count` `oauth2 serve` processes on `db` with one issuer, each on a free port that its
    /// own log proves it bound: a port found free can be taken by another test's server before
    /// ours binds it, and that server would answer its health checks. A server that lost its
    /// port is started again on another.
    func launchServers(_ count: Int, db: String) throws -> [LaunchedServer] {
        try (0..<count).map { index in
            for _ in 0..<5 {
                let port = try freeLoopbackPort()
                let log = "serve-\(index).log"
                let process = try launch(["serve", "--port", "\(port)", "--issuer", "https://auth.example"], db: db, log: log)
                let deadline = Date().addingTimeInterval(30)
                while process.isRunning, Date() < deadline {
                    let text = (try? String(contentsOfFile: directory.appendingPathComponent(log).path, encoding: .utf8)) ?? ""
                    if text.contains("\"msg\":\"serving\""), LoopbackHTTP.waitUntilHealthy(port: port) {
                        return LaunchedServer(process: process, port: port)
                    }
                    Thread.sleep(forTimeInterval: 0.05)
                }
                _ = process.stop()
            }
            throw ServerDidNotStart(db: db)
        }
    }

    struct ServerDidNotStart: Error, CustomStringConvertible {
        let db: String
        var description: String { "oauth2 serve did not start on \(db) in five tries" }
    }
}
