/// How one role looks.
public struct Style: Equatable, Sendable {
    public var foreground = ThemeColor.terminalDefault
    public var background = ThemeColor.terminalDefault
    public var bold = false
    public var underline = false
    public var reverse = false
    public var dim = false
}

/// A mapping of style roles to styles. Roles a theme leaves out look like `normal`.
public struct Theme: Equatable, Sendable {
    public var name: String
    public var styles: [StyleRole: Style]

    public func style(for role: StyleRole) -> Style {
        styles[role] ?? styles[.normal] ?? Style()
    }

    /// Used when no theme file can be read at all (themes/ not found): plain 8-colour
    /// styles so the console stays usable.
    public static let fallback = Theme(name: "default", styles: [
        .header: Style(foreground: .index(7), background: .index(4), bold: true),
        .headerAccent: Style(foreground: .index(0), background: .index(6), bold: true),
        .tabActive: Style(foreground: .index(0), background: .index(6), bold: true),
        .title: Style(bold: true),
        .columnHeader: Style(bold: true, underline: true),
        .selection: Style(reverse: true),
        .dim: Style(dim: true),
        .ok: Style(foreground: .index(2)),
        .warn: Style(foreground: .index(3)),
        .error: Style(foreground: .index(1), bold: true),
        .secret: Style(foreground: .index(3), bold: true),
        .inputFocused: Style(reverse: true),
        .cursor: Style(underline: true),
        .statusKey: Style(bold: true, reverse: true),
    ])
}
