import Foundation
import OAuth2Core
import OAuth2Store

/// Human tables and JSON: the two ways commands print.
enum Output {
    /// Prints rows as a table whose columns are aligned to their widest cell.
    static func table(_ headers: [String], _ rows: [[String]]) {
        let widths = headers.indices.map { column in
            ([headers] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        print(line(headers))
        rows.forEach { print(line($0)) }
    }

    /// Prints `label: value` pairs with the values aligned.
    static func fields(_ pairs: [(String, String)]) {
        let width = (pairs.map(\.0.count).max() ?? 0) + 1
        for (label, value) in pairs { print((label + ":").padding(toLength: width + 1, withPad: " ", startingAt: 0) + value) }
    }

    static func json<Value: Encodable>(_ value: Value) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// RFC 3339 UTC, as times appear in JSON and tables.
    static func time(_ seconds: EpochSeconds?) -> String? {
        seconds.map { Date(timeIntervalSince1970: TimeInterval($0)).formatted(.iso8601) }
    }

    /// How long ago (or, for future times, in how long) a moment is: `5m ago`, `in 2h`.
    static func relative(_ seconds: EpochSeconds, now: EpochSeconds = Clock.system.now()) -> String {
        let delta = Int(seconds - now)
        return delta <= 0 ? "\(DurationText.approximate(-delta)) ago" : "in \(DurationText.approximate(delta))"
    }

}
