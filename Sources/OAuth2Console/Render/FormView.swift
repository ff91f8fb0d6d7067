/// The register/edit client form.
extension ConsoleState {
    func drawForm(_ form: ClientForm, on screen: inout Screen) {
        let width = min(screen.width - 2, 76)
        let labelWidth = 12
        let valueWidth = width - labelWidth - 5
        let scopeLines = scopeLines(form, width: valueWidth)
        let height = min(screen.height - 2, ClientForm.Field.allCases.count - 1 + scopeLines.count + 6)
        let box = Box(row: max(0, (screen.height - height) / 2), column: max(0, (screen.width - width) / 2), width: width, height: height)
        box.draw(on: &screen, title: form.title, fill: .dialog)
        var y = box.innerRow + 1
        let valueColumn = box.innerColumn + labelWidth + 2
        for field in ClientForm.Field.allCases {
            let focused = form.focus == field
            screen.put((focused ? "▸ " : "  ") + field.label, row: y, column: box.innerColumn, role: focused ? .dialogTitle : .detailLabel,
                       limit: labelWidth + 1)
            switch field {
            case .name: drawField(on: &screen, form.name, focused: focused, row: y, column: valueColumn, width: valueWidth)
            case .ttl: drawField(on: &screen, form.ttl, focused: focused, row: y, column: valueColumn, width: 10)
            case .audiences: drawField(on: &screen, form.audiences, focused: focused, row: y, column: valueColumn, width: valueWidth)
            case .format:
                let x = screen.put(form.format == .jwt ? "(•) jwt" : "( ) jwt", row: y, column: valueColumn, role: .normal) + 2
                screen.put(form.format == .opaque ? "(•) opaque" : "( ) opaque", row: y, column: x, role: .normal)
            case .introspect:
                screen.put((form.canIntrospect ? "[x]" : "[ ]") + " may introspect any client's tokens", row: y, column: valueColumn,
                           role: .normal, limit: valueWidth)
            case .scopes:
                if scopeLines.isEmpty {
                    screen.put("no scopes registered (add some in view 4)", row: y, column: valueColumn, role: .dim, limit: valueWidth)
                }
                for (offset, line) in scopeLines.enumerated() {
                    var x = valueColumn
                    for item in line {
                        let role: StyleRole = focused && item.index == form.scopeCursor ? .selection : .normal
                        x = screen.put(item.text, row: y + offset, column: x, role: role) + 1
                    }
                }
                y += max(0, scopeLines.count - 1)
            }
            y += 1
        }
        if let problem = form.problem {
            screen.put("✗ " + problem, row: box.row + box.height - 3, column: box.innerColumn + 1, role: .error, limit: box.innerWidth - 2)
        }
        screen.put("Tab/↑↓ field · Space toggle · ←→ pick · Enter save · Esc cancel", row: box.row + box.height - 2,
                   column: box.innerColumn + 1, role: .dim, limit: box.innerWidth - 2)
    }

    /// The scope checkboxes, wrapped to the field's width.
    private func scopeLines(_ form: ClientForm, width: Int) -> [[(index: Int, text: String)]] {
        var lines: [[(index: Int, text: String)]] = []
        var current: [(index: Int, text: String)] = []
        var used = 0
        for (index, scope) in form.availableScopes.enumerated() {
            let text = (form.pickedScopes.contains(scope) ? "[x] " : "[ ] ") + scope
            let itemWidth = DisplayWidth.of(text) + 1
            if used + itemWidth > width && !current.isEmpty {
                lines.append(current)
                current = []
                used = 0
            }
            current.append((index, text))
            used += itemWidth
        }
        return current.isEmpty ? lines : lines + [current]
    }
}
