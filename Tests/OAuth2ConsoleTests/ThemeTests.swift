import Foundation
import Testing
@testable import OAuth2Console

@Suite struct ThemeTests {
    static let themesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("themes")
    static let library = ThemeLibrary(directories: [themesDirectory])

    @Test func everyFileInThemesLoads() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.themesDirectory.path).filter { $0.hasSuffix(".toml") }
        #expect(Set(files).isSuperset(of: ["default.toml", "dark.toml", "light.toml", "high-contrast.toml", "monochrome.toml"]))
        for file in files {
            let theme = try Self.library.load(String(file.dropLast(5)))
            #expect(theme.styles[.selection] != nil, "\(file) styles the selection")
        }
    }

    @Test func themesLoadByPathToo() throws {
        let theme = try Self.library.load(Self.themesDirectory.appendingPathComponent("light.toml").path)
        #expect(theme.name == "light")
        #expect(theme.style(for: .header).background == .index(25))
    }

    @Test func monochromeUsesNoColour() throws {
        let theme = try Self.library.load("monochrome")
        for role in StyleRole.allCases {
            #expect(theme.style(for: role).foreground == .terminalDefault && theme.style(for: role).background == .terminalDefault)
        }
        #expect(theme.style(for: .selection).reverse)
    }

    @Test func unknownOrBrokenThemesFallBackToTheDefaultWithAReason() throws {
        let (unknown, problem) = Self.library.loadOrDefault("neon")
        #expect(unknown.name == "default")
        #expect(problem == "unknown theme \"neon\" (available: dark, default, high-contrast, light, monochrome); using the default theme")

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases = [("syntax.toml", "[roles.header\nfg = 1", "is not valid TOML"),
                     ("role.toml", "[roles.glitter]\nfg = 1", "unknown role \"glitter\""),
                     ("colour.toml", "[roles.header]\nfg = \"chartreuse\"", "unknown colour \"chartreuse\""),
                     ("range.toml", "[roles.header]\nfg = 300", "colour 300 is not 0 to 255")]
        for (file, text, expected) in cases {
            let path = directory.appendingPathComponent(file).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let (theme, problem) = Self.library.loadOrDefault(path)
            #expect(theme.name == "default")
            #expect(problem?.contains(expected) == true, "\(file): \(problem ?? "no problem")")
        }
        #expect(Self.library.loadOrDefault("/no/such/theme.toml").problem == "no theme file at /no/such/theme.toml; using the default theme")
    }

    @Test func colours256FallBackToTheBasicEight() {
        #expect(ThemeColor.index(196).resolved(forTerminalColors: 256) == 196)
        #expect(ThemeColor.index(196).resolved(forTerminalColors: 8) == 1)  // red
        #expect(ThemeColor.index(21).resolved(forTerminalColors: 8) == 4)   // blue
        #expect(ThemeColor.index(255).resolved(forTerminalColors: 8) == 7)  // light grey → white
        #expect(ThemeColor.index(12).resolved(forTerminalColors: 8) == 4)   // bright blue → blue
        #expect(ThemeColor.terminalDefault.resolved(forTerminalColors: 8) == -1)
    }
}

/// The binary carries the themes of themes/: found with no directory at all.
@Suite struct BuiltInThemeTests {
    @Test func everyThemeInThemesIsBuiltInVerbatim() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: ThemeTests.themesDirectory.path).filter { $0.hasSuffix(".toml") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(BuiltInThemes.texts.keys))
        for file in files {
            let text = try String(contentsOf: ThemeTests.themesDirectory.appendingPathComponent(file), encoding: .utf8)
            #expect(BuiltInThemes.texts[String(file.dropLast(5))].map { $0 + "\n" } == text,
                    "\(file) differs from the built-in copy: run scripts/embed-themes")
        }
    }

    @Test func aLibraryWithNoDirectoriesStillHasEveryTheme() throws {
        let library = ThemeLibrary(directories: [URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)")])
        #expect(library.available == ["dark", "default", "high-contrast", "light", "monochrome"])
        let (theme, problem) = library.loadOrDefault("dark")
        let dark = try ThemeTests.library.load("dark")
        #expect(problem == nil && theme == dark)
    }
}
