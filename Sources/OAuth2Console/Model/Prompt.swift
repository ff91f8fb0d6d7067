import Foundation
import OAuth2Core
import OAuth2Store

/// A one-line question whose answer completes an action (a rotation's grace, a new scope).
struct Prompt: Equatable, Sendable {
    enum Purpose: Equatable, Sendable {
        /// `endsOlder` names the older of two live secrets, which a rotation ends at once.
        case rotateGrace(clientId: String, clientName: String, endsOlder: String?)
        case addScope
    }

    var purpose: Purpose
    var field: TextField
    /// Why the last answer was refused (by the check here or by the store).
    var problem: String?
    /// The answer went to the store; the prompt waits for its verdict.
    var saving = false

    static let defaultGrace = "1h"

    var title: String {
        switch purpose {
        case .rotateGrace: "Rotate secret"
        case .addScope: "Add scope"
        }
    }

    var question: String {
        switch purpose {
        case let .rotateGrace(_, name, endsOlder?):
            "\(name) has two live secrets: rotating ends the older one, \(endsOlder), now. Grace for the current one (0 ends it now, e.g. 30m, 24h):"
        case let .rotateGrace(_, name, nil): "Grace for the old secret of \(name) (0 ends it now, e.g. 30m, 24h):"
        case .addScope: "Scope name, then an optional description:"
        }
    }

    /// The store command the answer asks for, or the problem with the answer.
    func command() -> Result<StoreCommand, PromptProblem> {
        let answer = field.text.trimmingCharacters(in: .whitespaces)
        switch purpose {
        case let .rotateGrace(clientId, _, _):
            do {
                return .success(.rotateSecret(clientId: clientId, grace: try DurationRange.secretGrace.parse(answer)))
            } catch {
                return .failure(PromptProblem("invalid grace \"\(answer.prefix(20))\": \(error)"))
            }
        case .addScope:
            let name = answer.prefix { $0 != " " }
            let description = answer.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
            do {
                try ScopeRecord.validateName(String(name))
            } catch {
                return .failure(PromptProblem("\(error)"))
            }
            return .success(.addScope(name: String(name), description: description))
        }
    }
}

struct PromptProblem: Error, Equatable {
    let message: String
    init(_ message: String) { self.message = message }
}
