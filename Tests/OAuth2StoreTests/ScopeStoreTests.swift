import Testing
@testable import OAuth2Store

@Suite struct ScopeStoreTests {
    @Test func addsListsAndDeletes() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        _ = try store.addScope(name: "read", description: "Read things", actor: .cli)
        _ = try store.addScope(name: "write", actor: .cli)
        #expect(try store.listScopes().map(\.name) == ["read", "write"])
        #expect(try store.listScopes().first?.description == "Read things")
        try store.deleteScope(name: "write", force: false, actor: .cli)
        #expect(try store.listScopes().map(\.name) == ["read"])
        #expect(try temporary.auditActions() == ["scope.add", "scope.add", "scope.delete"])
    }

    @Test func rejectsInvalidAndDuplicateNamesWithoutAuditing() throws {
        let temporary = try TemporaryStore()
        #expect(throws: StoreError.self) { try temporary.store.addScope(name: "bad name", actor: .cli) }
        _ = try temporary.store.addScope(name: "read", actor: .cli)
        #expect(throws: StoreError.conflict("scope read already exists")) { try temporary.store.addScope(name: "read", actor: .cli) }
        #expect(try temporary.auditActions() == ["scope.add"])
    }

    @Test func refusesToDeleteAScopeInUseUnlessForced() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        _ = try store.addScope(name: "read", actor: .cli)
        let client = try store.registerClient(ClientSpec(name: "svc", scopes: ["read"]), actor: .cli).client
        #expect(try store.listScopes().first?.clientCount == 1)
        #expect(throws: StoreError.self) { try store.deleteScope(name: "read", force: false, actor: .cli) }
        #expect(try store.client(id: client.id).scopes == ["read"])
        try store.deleteScope(name: "read", force: true, actor: .cli)
        #expect(try store.client(id: client.id).scopes == [])
    }

    @Test func deletingAnUnknownScopeIsNotFound() throws {
        let temporary = try TemporaryStore()
        #expect(throws: StoreError.notFound("no scope named nope")) { try temporary.store.deleteScope(name: "nope", force: true, actor: .cli) }
    }
}
