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

    public init(label: String, sink: @escaping @Sendable (String) -> Void = BufferedLineWriter.standardError.append) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = event.metadata ?? [:]
        if !metadata.isEmpty { fields.merge(metadata) { fromEvent, _ in fromEvent } }
        var line = "{\"time\":\""
        line.reserveCapacity(256)
        Self.appendTimestamp(to: &line)
        line += "\",\"level\":"
        JSONText.appendQuoted(event.level.rawValue, to: &line)
        line += ",\"msg\":"
        JSONText.appendQuoted(event.message.description, to: &line)
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            line += ","
            JSONText.appendQuoted(key, to: &line)
            line += ":"
            if case let .string(text) = value {
                JSONText.appendQuoted(text, to: &line)
            } else {
                JSONText.appendQuoted(value.description, to: &line)
            }
        }
        line += "}"
        sink(line)
    }

    /// RFC 3339 UTC with milliseconds, e.g. `2026-11-29T02:09:11.510Z`, formatted by hand:
    /// Foundation's date formatting costs more than the rest of a request.
    static func appendTimestamp(to line: inout String) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var parts = tm()
        var seconds = now.tv_sec
        gmtime_r(&seconds, &parts)
        line += String(unsafeUninitializedCapacity: 24) { output in
            var index = 0
            func put(_ value: Int, width: Int, then separator: UInt8) {
                var value = value
                for position in stride(from: width - 1, through: 0, by: -1) {
                    output[index + position] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                output[index + width] = separator
                index += width + 1
            }
            put(Int(parts.tm_year) + 1900, width: 4, then: UInt8(ascii: "-"))
            put(Int(parts.tm_mon) + 1, width: 2, then: UInt8(ascii: "-"))
            put(Int(parts.tm_mday), width: 2, then: UInt8(ascii: "T"))
            put(Int(parts.tm_hour), width: 2, then: UInt8(ascii: ":"))
            put(Int(parts.tm_min), width: 2, then: UInt8(ascii: ":"))
            put(Int(parts.tm_sec), width: 2, then: UInt8(ascii: "."))
            put(now.tv_nsec / 1_000_000, width: 3, then: UInt8(ascii: "Z"))
            return index
        }
    }
}
