import Foundation

/// Finds and reads themes: by name in the themes/ directories, then among the themes built
/// into the binary (so an installed binary needs no files), or by path. A file in a
/// directory overrides the built-in theme of its name.
public struct ThemeLibrary: Sendable {
    public var directories: [URL]

    public init(directories: [URL]) { self.directories = directories }

    /// `$OAUTH2_THEMES`, ./themes, then themes/ beside the executable or in the package
    /// root above it (`.build/debug/oauth2` → `./themes`).
    public static func standard(executable: URL = (Bundle.main.executableURL ?? URL(fileURLWithPath: "/")).resolvingSymlinksInPath()) -> ThemeLibrary {
        var directories: [URL] = []
        if let custom = ProcessInfo.processInfo.environment["OAUTH2_THEMES"], !custom.isEmpty {
            directories.append(URL(fileURLWithPath: custom))
        }
        directories.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("themes"))
        var ancestor = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            directories.append(ancestor.appendingPathComponent("themes"))
            ancestor = ancestor.deletingLastPathComponent()
        }
        return ThemeLibrary(directories: directories)
    }

    /// The theme `nameOrPath` names: a path when it contains `/` or ends in `.toml`.
    public func load(_ nameOrPath: String) throws -> Theme {
        let isPath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml")
        let candidates = isPath
            ? [URL(fileURLWithPath: nameOrPath)]
            : directories.map { $0.appendingPathComponent("\(nameOrPath).toml") }
        guard let file = candidates.first(where: { FileManager.default.isReadableFile(atPath: $0.path) }) else {
            if !isPath, let builtIn = BuiltInThemes.texts[nameOrPath] { return try ThemeFile.parse(builtIn, name: nameOrPath) }
            throw ThemeError(isPath ? "no theme file at \(nameOrPath)"
                                    : "unknown theme \"\(nameOrPath)\" (available: \(available.joined(separator: ", ")))")
        }
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw ThemeError("cannot read theme \(file.path): \(error.localizedDescription)")
        }
        return try ThemeFile.parse(text, name: file.deletingPathExtension().lastPathComponent)
    }

    /// The names of the built-in themes and those the directories hold.
    public var available: [String] {
        let names = BuiltInThemes.texts.keys + directories.flatMap { directory in
            ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
                .filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }
        }
        return Array(Set(names)).sorted()
    }

    /// The theme to start with, or the default and the reason `nameOrPath` could not be used.
    public func loadOrDefault(_ nameOrPath: String) -> (theme: Theme, problem: String?) {
        do {
            return (try load(nameOrPath), nil)
        } catch {
            let problem = "\(error); using the default theme"
            return ((try? load("default")) ?? .fallback, problem)
        }
    }
}
