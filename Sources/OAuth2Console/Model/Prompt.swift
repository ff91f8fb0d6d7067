import Foundation
import OAuth2Core

/// A one-line question whose answer completes an action (a rotation's grace, a new scope).
struct Prompt: Equatable, Sendable {
    enum Purpose: Equatable, Sendable {
        case rotateGrace(clientId: String, clientName: String)
        case addScope
    }

    var purpose: Purpose
    var field: TextField

    static let defaultGrace = "1h"

    var title: String {
        switch purpose {
        case .rotateGrace: "Rotate secret"
        case .addScope: "Add scope"
        }
    }

    var question: String {
        switch purpose {
        case let .rotateGrace(_, name): "Grace for the old secret of \(name) (0 ends it now, e.g. 30m, 24h):"
        case .addScope: "Scope name, then an optional description:"
        }
    }

    /// The store command the answer asks for, or the problem with the answer.
    func command() -> Result<StoreCommand, PromptProblem> {
        let answer = field.text.trimmingCharacters(in: .whitespaces)
        switch purpose {
        case let .rotateGrace(clientId, _):
            do {
                return .success(.rotateSecret(clientId: clientId, grace: try DurationRange.secretGrace.parse(answer)))
            } catch {
                return .failure(PromptProblem("invalid grace \"\(answer)\": \(error)"))
            }
        case .addScope:
            let name = answer.prefix { $0 != " " }
            let description = answer.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
            guard Scope.isValidName(String(name)) else {
                return .failure(PromptProblem("invalid scope name \"\(name)\": printable ASCII without spaces, quotes or backslashes"))
            }
            return .success(.addScope(name: String(name), description: description))
        }
    }
}

struct PromptProblem: Error, Equatable {
    let message: String
    init(_ message: String) { self.message = message }
}
