import Foundation
import Logging
import OAuth2Core

/// swift-log handler writing one JSON object per line, for `oauth2 serve` under systemd or
/// a container runtime. Callers must never put a secret or a whole token in a message.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let sink: @Sendable (String) -> Void

    public init(label: String, sink: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        event.metadata.map { fields.merge($0) { $1 } }
        var line = "{\"time\":\"" + Self.timestamp() + "\",\"level\":" + JSONText.quote(event.level.rawValue) + ",\"msg\":" + JSONText.quote("\(event.message)")
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            line += "," + JSONText.quote(key) + ":" + JSONText.quote("\(value)")
        }
        sink(line + "}")
    }

    public static let standardError: @Sendable (String) -> Void = { line in
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    /// RFC 3339 UTC with milliseconds, e.g. `2026-11-29T02:09:11.510Z`, formatted by hand:
    /// Foundation's date formatting costs more than the rest of a request.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var parts = tm()
        var seconds = now.tv_sec
        gmtime_r(&seconds, &parts)
        func padded(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(parts.tm_year + 1900, 4) + "-" + padded(parts.tm_mon + 1, 2) + "-" + padded(parts.tm_mday, 2)
            + "T" + padded(parts.tm_hour, 2) + ":" + padded(parts.tm_min, 2) + ":" + padded(parts.tm_sec, 2)
            + "." + padded(Int32(now.tv_nsec / 1_000_000), 3) + "Z"
    }
}
