import Foundation
import TOMLKit

/// A theme as written in `themes/NAME.toml`:
///
///     [roles.header]
///     fg = "white"      # "default", a colour name, "bright-NAME" or 0–255
///     bg = 24
///     bold = true
struct ThemeFile: Decodable {
    struct RoleStyle: Decodable {
        var fg: ThemeColor?
        var bg: ThemeColor?
        var bold: Bool?
        var underline: Bool?
        var reverse: Bool?
        var dim: Bool?

        var style: Style {
            Style(foreground: fg ?? .terminalDefault, background: bg ?? .terminalDefault, bold: bold ?? false,
                  underline: underline ?? false, reverse: reverse ?? false, dim: dim ?? false)
        }
    }

    var roles: [String: RoleStyle]

    static func parse(_ text: String, name: String) throws -> Theme {
        let file: ThemeFile
        do {
            file = try TOMLDecoder().decode(ThemeFile.self, from: text)
        } catch let error as TOMLParseError {
            throw ThemeError("theme \(name) is not valid TOML: \(error.description) at line \(error.source.begin.line)")
        } catch let error as DecodingError {
            throw ThemeError("theme \(name): \(Self.explain(error))")
        }
        var styles: [StyleRole: Style] = [:]
        for (key, value) in file.roles {
            guard let role = StyleRole(rawValue: key) else {
                throw ThemeError("theme \(name): unknown role \"\(key)\" (roles: \(StyleRole.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            styles[role] = value.style
        }
        return Theme(name: name, styles: styles)
    }

    private static func explain(_ error: DecodingError) -> String {
        switch error {
        case let .dataCorrupted(context), let .typeMismatch(_, context), let .valueNotFound(_, context), let .keyNotFound(_, context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return (path.isEmpty ? "" : "\(path): ") + context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }
}

/// A theme that cannot be used, and why, in one line.
public struct ThemeError: Error, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
