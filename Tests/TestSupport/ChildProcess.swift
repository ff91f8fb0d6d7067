import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program run to completion within a time limit, its output captured in files.
///
/// Not Foundation's `Process` with pipes: a program that leaves a daemon behind (tmux
/// does) hands it the pipe's and Foundation's exit-watching descriptors, and then neither
/// the read nor the wait ever ends. Here the child is reaped with `waitpid` and killed
/// when its time is up, so a test can fail but never hang.
public enum ChildProcess {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        public let timedOut: Bool
    }

    public struct LaunchFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// `environment` is added to this process's; `input` becomes the program's stdin
    /// (none: /dev/null).
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                           directory: URL? = nil, input: String? = nil, timeout: TimeInterval = 60) throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let paths = ["stdin", "stdout", "stderr"].map { scratch.appendingPathComponent($0).path }
        try Data((input ?? "").utf8).write(to: URL(fileURLWithPath: paths[0]))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, paths[0], O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, paths[1], O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, paths[2], O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Nothing else of this process's: NIO opens its sockets without close-on-exec, and a
        // daemon the child leaves behind (tmux's server, PostgreSQL's postmaster) would hold
        // other tests' database connections open for its whole life.
        guard let closeFrom = addCloseFrom else {
            throw LaunchFailure(description: "cannot start \(executable): posix_spawn_file_actions_addclosefrom_np needs glibc 2.34")
        }
        closeFrom(&actions, 3)

        // Glibc's posix_spawn_file_actions_addchdir_np is not visible to Swift: env changes
        // the directory instead.
        let command = directory.map { ["/usr/bin/env", "-C", $0.path, executable] } ?? [executable]
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0)=\($1)" }
        let argv = (command + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, command[0], &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw LaunchFailure(description: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        let (status, timedOut) = reap(pid, within: timeout)
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return Result(status: status, stdout: read(paths[1]), stderr: read(paths[2]), timedOut: timedOut)
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np`, which its Swift module leaves out.
    private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np").map {
            unsafeBitCast($0, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
        }
    }()

    /// Waits for `pid` to exit; past `limit`, kills it. Its exit status (128 + signal when a
    /// signal ended it), and whether it was killed for time.
    static func reap(_ pid: pid_t, within limit: TimeInterval) -> (Int32, Bool) {
        let deadline = Date().addingTimeInterval(limit)
        var timedOut = false
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if !timedOut, Date() >= deadline {
                timedOut = true
                kill(pid, SIGKILL)
            }
            usleep(5_000)
        }
        let signal = status & 0x7f
        return (signal == 0 ? (status >> 8) & 0xff : 128 + signal, timedOut)
    }
}

extension Process {
    /// SIGTERM, then SIGKILL if the process has not exited within `limit`: a test that
    /// stops a server it started never waits without end. Its exit status.
    @discardableResult
    public func stop(within limit: TimeInterval = 15) -> Int32 {
        if isRunning { terminate() }
        let deadline = Date().addingTimeInterval(limit)
        while isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if isRunning { kill(processIdentifier, SIGKILL) }
        waitUntilExit()
        return terminationStatus
    }
}
