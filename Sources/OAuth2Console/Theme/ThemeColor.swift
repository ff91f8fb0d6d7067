/// A colour as themes name it: the terminal's own default, or an xterm-256 index.
public enum ThemeColor: Equatable, Sendable, Decodable {
    case terminalDefault
    case index(Int)

    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Accepts `"default"`, a colour name (`"red"`, `"bright-red"`) or a number 0–255.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            guard (0...255).contains(number) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "colour \(number) is not 0 to 255")
            }
            self = .index(number)
            return
        }
        let name = try container.decode(String.self)
        guard let color = Self(name: name) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown colour \"\(name)\"")
        }
        self = color
    }

    init?(name: String) {
        if name == "default" {
            self = .terminalDefault
        } else if let index = Self.names.firstIndex(of: name) {
            self = .index(index)
        } else if name.hasPrefix("bright-"), let index = Self.names.firstIndex(of: String(name.dropFirst(7))) {
            self = .index(index + 8)
        } else {
            return nil
        }
    }

    /// The colour for a terminal with `colors` colours: 256-colour indexes fall back to the
    /// nearest of the eight basic colours on 8- and 16-colour terminals.
    func resolved(forTerminalColors colors: Int) -> Int {
        guard case let .index(index) = self else { return -1 }
        if index < colors { return index }
        if index < 16 { return index % 8 }
        if index >= 232 { return index - 232 < 12 ? 0 : 7 }
        let cube = index - 16
        let (red, green, blue) = (cube / 36, cube / 6 % 6, cube % 6)
        // Each channel counts as on from the middle of its range: 1 red, 2 green, 4 blue.
        let basic = (red >= 3 ? 1 : 0) | (green >= 3 ? 2 : 0) | (blue >= 3 ? 4 : 0)
        return basic
    }
}
