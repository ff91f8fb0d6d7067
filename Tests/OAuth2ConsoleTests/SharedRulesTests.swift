import Testing
import OAuth2Store
@testable import OAuth2Console

/// The form and the prompt check what the store checks, with the store's own rules: a bad
/// input is refused before it is sent, in the words the store would use.
@Suite struct SharedRulesTests {
    @Test(arguments: [("bad\u{7}name", ""), ("svc", "relative")])
    func theFormRefusesAClientAsTheStoreDoes(name: String, audiences: String) {
        var form = ClientForm(availableScopes: ["read"])
        form.name.text = name
        form.audiences.text = audiences
        guard case let .failure(problem) = form.command() else {
            Issue.record("the form accepted \(name) with audiences \(audiences)")
            return
        }
        let spec = ClientSpec(name: name, scopes: [], audiences: audiences.split(separator: " ").map(String.init))
        #expect(throws: StoreError.invalid(problem.message)) { try spec.validate() }
    }

    @Test func thePromptRefusesAScopeNameAsTheStoreDoes() {
        var field = TextField()
        field.text = "bad\"name"
        guard case let .failure(problem) = Prompt(purpose: .addScope, field: field).command() else {
            Issue.record("the prompt accepted a quote in a scope name")
            return
        }
        #expect(throws: StoreError.invalid(problem.message)) { try ScopeRecord.validateName("bad\"name") }
    }
}
