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
        let fields: [(value: Int, width: Int, separator: UInt8?)] = [
            (Int(parts.tm_year) + 1900, 4, UInt8(ascii: "-")), (Int(parts.tm_mon) + 1, 2, UInt8(ascii: "-")),
            (Int(parts.tm_mday), 2, UInt8(ascii: "T")), (Int(parts.tm_hour), 2, UInt8(ascii: ":")),
            (Int(parts.tm_min), 2, UInt8(ascii: ":")), (Int(parts.tm_sec), 2, UInt8(ascii: ".")),
            (now.tv_nsec / 1_000_000, 3, UInt8(ascii: "Z")),
        ]
        line += String(unsafeUninitializedCapacity: 24) { output in
            var index = 0
            for field in fields {
                var value = field.value
                for position in stride(from: field.width - 1, through: 0, by: -1) {
                    output[index + position] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                index += field.width
                if let separator = field.separator {
                    output[index] = separator
                    index += 1
                }
            }
            return index
        }
    }
}
