/// Dialogs, prompts and input lines over the lists.
extension ConsoleState {
    func drawOverlay(on screen: inout Screen) {
        switch overlay {
        case let .help(scroll):
            drawHelp(on: &screen, scroll: scroll)
        case .denials:
            drawDenials(on: &screen)
        case let .filter(field):
            drawInputLine(on: &screen, prefix: "/", field: field, hint: "Enter keep · Esc clear")
        case let .commandLine(field):
            drawInputLine(on: &screen, prefix: ":", field: field, hint: "clients … audit · client NAME · theme NAME · quit")
        case let .confirm(confirmation):
            Dialog(title: "Confirm", lines: [(confirmation.question, .warn)], footer: "y/Enter confirm · n/Esc cancel",
                   preferredWidth: 60).draw(on: &screen)
        case let .prompt(prompt):
            let problem = prompt.problem.map { [("✗ " + $0, StyleRole.error)] } ?? []
            let box = Dialog(title: prompt.title, lines: [(prompt.question, .normal)] + problem + [("", .normal)],
                             footer: "Enter save · Esc cancel", preferredWidth: 60).draw(on: &screen)
            // The field takes the blank line left above the footer.
            drawField(on: &screen, prompt.field, focused: true, row: box.row + box.height - 3,
                      column: box.innerColumn + 1, width: box.innerWidth - 2)
        case let .form(form):
            drawForm(form, on: &screen)
        case let .reveal(reveal):
            drawReveal(reveal, on: &screen)
        case nil:
            break
        }
    }

    private func drawInputLine(on screen: inout Screen, prefix: String, field: TextField, hint: String) {
        let row = screen.height - 1
        screen.fill(row: row, column: 0, width: screen.width, height: 1, role: .input)
        let x = screen.put(prefix, row: row, column: 0, role: .inputFocused)
        let hintColumn = screen.width - DisplayWidth.of(hint) - 1
        let fieldWidth = DisplayWidth.of(field.text) + 1
        let showsHint = hintColumn > x + fieldWidth + 2
        drawField(on: &screen, field, focused: true, row: row, column: x, width: showsHint ? fieldWidth : screen.width - x)
        if showsHint { screen.put(hint, row: row, column: hintColumn, role: .dim) }
    }

    /// A text input: the part of its text around the cursor, the cursor as a block at the
    /// end or as the character it stands on, a suggested value dimmed (typing replaces it).
    func drawField(on screen: inout Screen, _ field: TextField, focused: Bool, row: Int, column: Int, width: Int) {
        guard width > 0 else { return }
        let role: StyleRole = focused ? .inputFocused : .input
        screen.fill(row: row, column: column, width: width, height: 1, role: role)
        let characters = field.characters
        // Scroll so that the cursor, and the block after the text, stay inside the field.
        var start = 0
        while start < field.cursor && DisplayWidth.of(String(characters[start..<field.cursor])) > width - 1 { start += 1 }
        var x = column
        for index in start..<characters.count {
            let cellRole: StyleRole = focused && index == field.cursor ? .cursor : (field.suggested ? .dim : role)
            let next = screen.put(String(characters[index]), row: row, column: x, role: cellRole, limit: column + width - x)
            if next == x { break }
            x = next
        }
        if focused && field.cursor == characters.count { screen.put("█", row: row, column: x, role: role, limit: column + width - x) }
    }

    private func drawHelp(on screen: inout Screen, scroll: Int) {
        let lines = Keymap.helpSections.flatMap { section in
            [(section.title, StyleRole.dialogTitle)]
                + section.lines.map { ("  " + DisplayWidth.fit($0.key, to: 10) + " " + $0.help, StyleRole.normal) }
        }
        let columns = screen.width >= 120 ? 2 : 1
        let width = min(screen.width - 2, columns == 2 ? 130 : 78)
        let perColumn = (lines.count + columns - 1) / columns
        let height = min(screen.height - 2, perColumn + 4)
        // Scrolling stops once the last line shows.
        let offset = min(scroll, max(0, perColumn - (height - 4)))
        let box = Box(row: max(0, (screen.height - height) / 2), column: max(0, (screen.width - width) / 2), width: width, height: height)
        box.draw(on: &screen, title: "Keys", fill: .dialog)
        let columnWidth = (box.innerWidth - 2) / columns
        for (index, line) in lines.enumerated() {
            let column = index / perColumn
            let row = index % perColumn - offset
            guard row >= 0, row < box.innerHeight - 2 else { continue }
            screen.put(line.0, row: box.innerRow + 1 + row, column: box.innerColumn + 1 + column * columnWidth, role: line.1,
                       limit: columnWidth - 1)
        }
        let more = offset + height - 4 < perColumn ? " · j/↓ more" : ""
        screen.put("Esc/?/Enter close" + more, row: box.row + box.height - 2, column: box.innerColumn + 1, role: .dim)
    }

    /// Denials by reason and client: the count, the reason, the client.
    private func drawDenials(on screen: inout Screen) {
        var lines: [(text: String, role: StyleRole)]
        if server.mode == .attached {
            lines = [("Attached: the serving processes publish how many requests they deny (fail/min in the header), not why.", .dim),
                     ("Open the console that serves, or read serve's JSON log, for the reasons.", .dim)]
        } else {
            let top = denialHistory.top(at: now)
            lines = top.isEmpty ? [("No request was denied in the last \(DenialHistory.minutesShown) minutes.", .ok)]
                : [(DisplayWidth.fit("COUNT", to: 8, alignRight: true) + "  " + DisplayWidth.fit("REASON", to: 22) + "  CLIENT", .columnHeader)]
                + top.map { entry in
                    let client = entry.key.clientId.isEmpty ? "(no known client)" : snapshot.clientName(entry.key.clientId)
                    return (DisplayWidth.fit(entry.count.grouped, to: 8, alignRight: true) + "  " + DisplayWidth.fit(entry.key.reason, to: 22)
                            + "  " + client, entry.count > 0 ? .warn : .normal)
                }
        }
        Dialog(title: "Denials, last \(DenialHistory.minutesShown) minutes", lines: lines, footer: "Esc/!/Enter close", preferredWidth: 76)
            .draw(on: &screen)
    }

    private func drawReveal(_ reveal: SecretReveal, on screen: inout Screen) {
        let lines: [(text: String, role: StyleRole)] = [
            (reveal.rotated ? "New secret of \(reveal.clientName)" : "Client \(reveal.clientName) registered", .dialogTitle),
            ("client_id      \(reveal.clientId)", .normal),
            ("client_secret  \(reveal.secret)", .secret),
            ("", .normal),
            ("This secret will not be shown again. Store it now.", .warn),
            // OSC 52 gets no answer: the dialog says what was done, not that it worked.
            (reveal.copied ? "Sent to the terminal's clipboard (OSC 52); some terminals ignore it: paste to check." : "", .ok),
        ]
        Dialog(title: "Client secret", lines: lines, footer: "c copy to clipboard · Enter/Esc close", preferredWidth: 76)
            .draw(on: &screen)
    }
}
