import Foundation
import Testing
@testable import OAuth2Console

@Suite struct KeymapTests {
    @Test func noKeyIsBoundTwiceInOneView() {
        for tab in Tab.allCases {
            let keys = Keymap.bindings(in: tab).flatMap(\.keys)
            #expect(Set(keys).count == keys.count, "\(tab.title) binds a key twice")
        }
    }

    @Test func theReadmeDocumentsEveryBinding() throws {
        let section = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        for binding in Keymap.bindings {
            let whereText = binding.tabs.map { tabs in Tab.allCases.filter(tabs.contains).map(\.title).joined(separator: ", ") } ?? "everywhere"
            #expect(section.contains("| `\(binding.keyLabel)` | \(whereText) | \(binding.help) |"), "\(binding.keyLabel): \(binding.help)")
        }
    }
}
