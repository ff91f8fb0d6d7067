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
        var line = "{\"time\":" + JSONText.quote(Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)))
            + ",\"level\":" + JSONText.quote(event.level.rawValue) + ",\"msg\":" + JSONText.quote("\(event.message)")
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            line += "," + JSONText.quote(key) + ":" + JSONText.quote("\(value)")
        }
        sink(line + "}")
    }

    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
