/// Keys while a dialog, form or input line is open: it takes every key.
extension ConsoleState {
    mutating func handleOverlay(_ key: Key) -> [Effect] {
        switch overlay {
        case let .help(scroll):
            switch key {
            case .escape, .enter, .character("?"), .character("q"): overlay = nil
            case .down, .character("j"): overlay = .help(scroll: scroll + 1)
            case .up, .character("k"): overlay = .help(scroll: max(0, scroll - 1))
            case .pageDown, .character(" "): overlay = .help(scroll: scroll + max(1, height - 6))
            case .pageUp: overlay = .help(scroll: max(0, scroll - max(1, height - 6)))
            default: break
            }
        case .denials:
            if key == .escape || key == .enter || key == .character("!") || key == .character("q") { overlay = nil }
        case var .filter(field):
            switch key {
            case .enter: overlay = nil
            case .escape:
                filters[tab] = nil
                overlay = nil
            default:
                _ = field.edit(key)
                filters[tab] = field.text.isEmpty ? nil : field.text
                overlay = .filter(field)
                select(0)
            }
        case var .commandLine(field):
            switch key {
            case .enter:
                overlay = nil
                return run(commandLine: field.text)
            case .escape: overlay = nil
            default:
                _ = field.edit(key)
                overlay = .commandLine(field)
            }
        case let .confirm(confirmation):
            switch key {
            case .character("y"), .enter:
                overlay = nil
                switch confirmation.outcome {
                case let .perform(command): return [.perform(command)]
                case .quit:
                    quitting = true
                    return [.quit]
                }
            case .character("n"), .escape:
                overlay = nil
                status = StatusMessage(kind: .warn, text: "cancelled", at: now)
            default: break
            }
        case var .prompt(prompt):
            guard !prompt.saving else { break }
            switch key {
            case .enter:
                switch prompt.command() {
                case let .success(command):
                    // The prompt stays until the store answers: a refusal is shown in it.
                    prompt.saving = true
                    prompt.problem = nil
                    overlay = .prompt(prompt)
                    return [.perform(command)]
                case let .failure(problem):
                    prompt.problem = problem.message
                    overlay = .prompt(prompt)
                    status = StatusMessage(kind: .error, text: problem.message, at: now)
                }
            case .escape: overlay = nil
            default:
                _ = prompt.field.edit(key)
                overlay = .prompt(prompt)
            }
        case var .form(form):
            return handleForm(&form, key)
        case var .reveal(reveal):
            switch key {
            case .character("c"), .character("y"):
                reveal.copied = true
                overlay = .reveal(reveal)
                return [.copyToClipboard(reveal.secret)]
            case .enter, .escape:
                // Closing the dialog is the end of the plaintext: nothing else holds it.
                overlay = nil
            default: break
            }
        case nil:
            break
        }
        return []
    }

    private mutating func handleForm(_ form: inout ClientForm, _ key: Key) -> [Effect] {
        guard !form.saving else { return [] }
        switch key {
        case .escape:
            overlay = nil
            status = StatusMessage(kind: .warn, text: "cancelled", at: now)
            return []
        case .enter:
            switch form.command() {
            case let .success(command):
                // The form stays until the store answers: a refusal (a name already taken)
                // is shown in it with the input kept.
                form.saving = true
                form.problem = nil
                overlay = .form(form)
                return [.perform(command)]
            case let .failure(problem):
                form.problem = problem.message
                status = StatusMessage(kind: .error, text: problem.message, at: now)
            }
        case .tab: form.moveFocus(by: 1)
        case .backTab: form.moveFocus(by: -1)
        default:
            if !form.edit(key) {
                if key == .down { form.moveFocus(by: 1) }
                if key == .up { form.moveFocus(by: -1) }
            }
        }
        overlay = .form(form)
        return []
    }

    /// A form or prompt waiting for the store takes its answer: the refusal is shown in it
    /// for another try; success closes it. Returns whether one was waiting.
    mutating func settleWaitingOverlay(refusal: String?) -> Bool {
        switch overlay {
        case var .form(form) where form.saving:
            form.saving = false
            form.problem = refusal
            overlay = refusal == nil ? nil : .form(form)
        case var .prompt(prompt) where prompt.saving:
            prompt.saving = false
            prompt.problem = refusal
            overlay = refusal == nil ? nil : .prompt(prompt)
        default:
            return false
        }
        return true
    }

    /// `:clients` … `:audit` (k9s-style view names), `:client NAME`, `:theme NAME`, `:quit`.
    private mutating func run(commandLine text: String) -> [Effect] {
        let words = text.split(separator: " ", maxSplits: 1).map(String.init)
        if words.count == 1, let view = Tab.allCases.first(where: { $0.title.lowercased() == words[0].lowercased() }) {
            tab = view
            return []
        }
        if text == "denials" {
            overlay = .denials
            return []
        }
        switch (words.first ?? "", words.count > 1 ? words[1] : nil) {
        case ("q", nil), ("quit", nil):
            quitting = true
            return [.quit]
        case ("theme", let name?):
            return [.loadTheme(name)]
        case ("client", nil):
            log.clientFilter = nil
            status = StatusMessage(kind: .ok, text: "log: all clients", at: now)
        case ("client", let name?):
            guard let client = snapshot.clients.first(where: { $0.client.name == name || $0.id == name }) else {
                status = StatusMessage(kind: .error, text: "no client named \(name)", at: now)
                return []
            }
            log.clientFilter = client.id
            tab = .clients
            select(clientRows.firstIndex { $0.id == client.id } ?? 0)
            status = StatusMessage(kind: .ok, text: "log: only \(name)", at: now)
        default:
            status = StatusMessage(kind: .error, text: "unknown command :\(text) (try :tokens, :client NAME, :theme NAME, :quit)", at: now)
        }
        return []
    }
}
