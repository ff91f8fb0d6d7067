/// One row of the form's content, drawn at whatever row the form's scrolling puts it.
private struct FormRow {
    /// Whether the focus is on this row: the form scrolls to keep it in view.
    var focused: Bool
    var draw: (inout Screen, Int) -> Void
}

/// Where the form's labels and values go.
private struct FormPlace {
    var label: Int
    var labelWidth: Int
    var value: Int
    var valueWidth: Int

    func drawLabel(_ field: ClientForm.Field, focused: Bool, on screen: inout Screen, row: Int) {
        screen.put((focused ? "▸ " : "  ") + field.label, row: row, column: label, role: focused ? .dialogTitle : .detailLabel,
                   limit: labelWidth + 1)
    }

    /// A value, ending in "…" when the field is too narrow for it.
    func drawValue(_ text: String, role: StyleRole = .normal, on screen: inout Screen, row: Int) {
        screen.put(DisplayWidth.clip(text, to: valueWidth), row: row, column: value, role: role)
    }
}

/// The register/edit client form. It never draws outside its box: the scope picker shows a
/// window of its scopes around the highlighted one, and when the terminal is too short for
/// every field the form scrolls to keep the focused one in view.
extension ConsoleState {
    /// At most this many lines of scopes, however tall the terminal: the rest scroll.
    static let scopeLinesShown = 10

    func drawForm(_ form: ClientForm, on screen: inout Screen) {
        let width = min(screen.width - 2, 76)
        let labelWidth = min(12, max(1, width / 3))
        let valueWidth = max(1, width - labelWidth - 5)
        let problemLines = form.problem.map { Array(Dialog.wrap("✗ " + $0, width: width - 4).prefix(3)) } ?? []
        // Blank line above and below the fields, the problem, the key reminder.
        let chrome = 2 + problemLines.count + 1
        let otherRows = ClientForm.Field.allCases.count - 1
        let scopeRoom = max(1, min(Self.scopeLinesShown, screen.height - 4 - chrome - otherRows - 1))
        let column = max(0, (screen.width - width) / 2)
        let place = FormPlace(label: column + 1, labelWidth: labelWidth, value: column + labelWidth + 3, valueWidth: valueWidth)
        let rows = formRows(form, place, scopeRoom: scopeRoom)

        let height = min(screen.height - 2, rows.count + chrome + 2)
        let box = Box(row: max(0, (screen.height - height) / 2), column: column, width: width, height: height)
        box.draw(on: &screen, title: form.title, fill: .dialog)
        let roomy = box.innerHeight >= rows.count + chrome
        let room = max(0, box.innerHeight - (roomy ? chrome : problemLines.count + 1))
        let focusRow = rows.firstIndex { $0.focused } ?? 0
        let first = max(0, min(rows.count - room, focusRow - room / 2))
        let top = box.innerRow + (roomy ? 1 : 0)
        for (offset, row) in rows.dropFirst(first).prefix(room).enumerated() {
            row.draw(&screen, top + offset)
        }
        let edge = box.column + box.width - 2
        if first > 0 { screen.put("↑", row: top, column: edge, role: .dim) }
        if first + room < rows.count { screen.put("↓", row: top + room - 1, column: edge, role: .dim) }

        let footerRow = box.row + box.height - 2
        for (offset, line) in problemLines.enumerated() {
            screen.put(line, row: footerRow - problemLines.count + offset, column: box.innerColumn + 1, role: .error,
                       limit: box.innerWidth - 2)
        }
        screen.put("Tab/↑↓ field · ←→ move · Space pick · type to filter scopes · Enter save · Esc cancel", row: footerRow,
                   column: box.innerColumn + 1, role: .dim, limit: box.innerWidth - 2)
    }

    private func formRows(_ form: ClientForm, _ place: FormPlace, scopeRoom: Int) -> [FormRow] {
        var rows: [FormRow] = []
        for field in ClientForm.Field.allCases {
            let focused = form.focus == field
            let row = { (draw: @escaping (inout Screen, Int) -> Void) in
                FormRow(focused: focused) { screen, y in
                    place.drawLabel(field, focused: focused, on: &screen, row: y)
                    draw(&screen, y)
                }
            }
            switch field {
            case .name:
                rows.append(row { drawField(on: &$0, form.name, focused: focused, row: $1, column: place.value, width: place.valueWidth) })
            case .ttl:
                rows.append(row { drawField(on: &$0, form.ttl, focused: focused, row: $1, column: place.value, width: min(10, place.valueWidth)) })
            case .audiences:
                rows.append(row { drawField(on: &$0, form.audiences, focused: focused, row: $1, column: place.value, width: place.valueWidth) })
            case .format:
                rows.append(row { screen, y in
                    let jwt = form.format == .jwt ? "(•) jwt  ( ) opaque" : "( ) jwt  (•) opaque"
                    place.drawValue(jwt, on: &screen, row: y)
                })
            case .introspect:
                rows.append(row { screen, y in
                    place.drawValue((form.canIntrospect ? "[x]" : "[ ]") + " may introspect any client's tokens", on: &screen, row: y)
                })
            case .scopes:
                rows += scopeRows(form, place, focused: focused, room: scopeRoom)
            }
        }
        return rows
    }

    /// The picker: a window of wrapped checkboxes around the highlighted scope, then a line
    /// saying how many there are, how many are picked and what filters them.
    private func scopeRows(_ form: ClientForm, _ place: FormPlace, focused: Bool, room: Int) -> [FormRow] {
        guard !form.availableScopes.isEmpty else {
            return [FormRow(focused: focused) { screen, y in
                place.drawLabel(.scopes, focused: focused, on: &screen, row: y)
                place.drawValue("no scopes registered (add some in view 4)", role: .dim, on: &screen, row: y)
            }]
        }
        let lines = scopeLines(form, width: place.valueWidth)
        let cursorLine = lines.firstIndex { $0.contains { $0.index == form.scopeCursor } } ?? 0
        let first = max(0, min(lines.count - room, cursorLine - room / 2))
        var rows: [FormRow] = []
        for (offset, line) in lines.dropFirst(first).prefix(room).enumerated() {
            rows.append(FormRow(focused: focused && first + offset == cursorLine) { screen, y in
                if offset == 0 { place.drawLabel(.scopes, focused: focused, on: &screen, row: y) }
                var x = place.value
                for item in line {
                    let role: StyleRole = focused && item.index == form.scopeCursor ? .selection : .normal
                    let room = place.value + place.valueWidth - x
                    x = screen.put(DisplayWidth.clip(item.text, to: room), row: y, column: x, role: role) + 1
                }
            })
        }
        if lines.isEmpty {
            rows.append(FormRow(focused: focused) { screen, y in
                place.drawLabel(.scopes, focused: focused, on: &screen, row: y)
                place.drawValue("no scope contains \"\(form.scopeFilter)\"", role: .warn, on: &screen, row: y)
            })
        }
        var summary = form.scopeFilter.isEmpty ? "\(form.availableScopes.count.grouped) scopes"
            : "/\(form.scopeFilter): \(form.shownScopes.count.grouped) of \(form.availableScopes.count.grouped)"
        summary += " · \(form.pickedScopes.count.grouped) picked"
        if lines.count > room { summary += " · lines \(first + 1)–\(first + min(room, lines.count - first)) of \(lines.count)" }
        if focused && form.scopeFilter.isEmpty { summary += " · type to filter" }
        rows.append(FormRow(focused: false) { place.drawValue(summary, role: .dim, on: &$0, row: $1) })
        return rows
    }

    /// The shown scopes' checkboxes, wrapped to the field's width; indexes are into
    /// `shownScopes`.
    private func scopeLines(_ form: ClientForm, width: Int) -> [[(index: Int, text: String)]] {
        var lines: [[(index: Int, text: String)]] = []
        var current: [(index: Int, text: String)] = []
        var used = 0
        for (index, scope) in form.shownScopes.enumerated() {
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
