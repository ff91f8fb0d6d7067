/// The refusals both stores make, worded once so that an admin reads the same message
/// whichever backend refused.
extension StoreError {
    package static func noClient(_ id: String) -> StoreError { .notFound("no client with id \(id)") }
    package static func clientNameTaken(_ name: String) -> StoreError { .conflict("a client named \"\(name)\" already exists") }
    package static let nothingToUpdate = StoreError.invalid("nothing to update: give at least one field to change")
    package static func rotatingDisabled(_ clientId: String) -> StoreError {
        .conflict("client \(clientId) is disabled; enable it before rotating its secret")
    }
    package static func unknownScopes(_ names: [String]) -> StoreError {
        .notFound("unknown scope(s): \(names.joined(separator: ", ")); add them with `oauth2 scope add`")
    }
    package static func scopeExists(_ name: String) -> StoreError { .conflict("scope \(name) already exists") }
    package static func noScope(_ name: String) -> StoreError { .notFound("no scope named \(name)") }
    package static func scopeInUse(_ name: String, by clients: [String]) -> StoreError {
        .conflict("scope \(name) is allowed to \(clients.count) client(s) (\(clients.joined(separator: ", "))); use --force to remove it from them too")
    }
    package static func noToken(_ jti: String) -> StoreError { .notFound("no token with jti \(jti)") }
}
