import Testing
@testable import OAuth2Store

@Suite struct ScopeStoreTests {
    @Test(arguments: Backend.allCases)
    func addsListsAndDeletes(_ backend: Backend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            _ = try store.addScope(name: "read", description: "Read things", actor: .cli)
            _ = try store.addScope(name: "write", actor: .cli)
            #expect(try store.listScopes().map(\.name) == ["read", "write"])
            #expect(try store.listScopes().first?.description == "Read things")
            #expect(try store.scopeNames() == ["read", "write"])
            try store.deleteScope(name: "write", force: false, actor: .cli)
            #expect(try store.listScopes().map(\.name) == ["read"])
            #expect(try fixture.auditActions() == ["scope.add", "scope.add", "scope.delete"])
        }
    }

    @Test(arguments: Backend.allCases)
    func rejectsInvalidAndDuplicateNamesWithoutAuditing(_ backend: Backend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            #expect(throws: StoreError.self) { try store.addScope(name: "bad name", actor: .cli) }
            _ = try store.addScope(name: "read", actor: .cli)
            #expect(throws: StoreError.conflict("scope read already exists")) { try store.addScope(name: "read", actor: .cli) }
            #expect(try fixture.auditActions() == ["scope.add"])
        }
    }

    @Test(arguments: Backend.allCases)
    func refusesToDeleteAScopeInUseUnlessForced(_ backend: Backend) async throws {
        try await backend.withStore { fixture in
            let store = fixture.store
            _ = try store.addScope(name: "read", actor: .cli)
            let client = try store.registerClient(ClientSpec(name: "svc", scopes: ["read"]), actor: .cli).client
            #expect(try store.listScopes().first?.clientCount == 1)
            #expect(throws: StoreError.scopeInUse("read", by: ["svc"])) { try store.deleteScope(name: "read", force: false, actor: .cli) }
            #expect(try store.client(id: client.id).scopes == ["read"])
            try store.deleteScope(name: "read", force: true, actor: .cli)
            #expect(try store.client(id: client.id).scopes == [])
        }
    }

    @Test(arguments: Backend.allCases)
    func deletingAnUnknownScopeIsNotFound(_ backend: Backend) async throws {
        try await backend.withStore { fixture in
            #expect(throws: StoreError.notFound("no scope named nope")) { try fixture.store.deleteScope(name: "nope", force: true, actor: .cli) }
        }
    }
}
