import NIOCore
import OAuth2Core
import OAuth2Store

/// POST /revocations: the revocation feed that resource servers verifying JWTs locally
/// follow, so that a revoked token (or a client's revoked or disabled tokens) stops being
/// accepted within a poll. The caller authenticates as a client with the introspect
/// permission (it may already learn any token's state); `cursor` is the one the previous
/// answer gave (none: every entry still kept). Each answer holds at most
/// `RevocationEntry.pageLimit` entries; `more` says another page follows at once.
struct RevocationFeedEndpoint: Sendable {
    let context: ServerContext

    func respond(to request: HTTPRequest, on loop: EventLoop) -> EventLoopFuture<HTTPResponse> {
        let caller: RegisteredClient
        let cursor: Int64
        switch authorizedCursor(request) {
        case let .success(authorized): (caller, cursor) = authorized
        case let .failure(refusal): return context.answer(refusal, endpoint: .revocations, request: request, on: loop)
        }
        // A range scan that grows with the page: never on an event loop.
        return context.blockingWork.run(on: loop) { [context] in
            do {
                let entries = try context.store.revocations(after: cursor, limit: RevocationEntry.pageLimit)
                return .json(Self.page(entries, after: cursor))
            } catch {
                return Refusal.storeUnavailable(error, clientId: caller.id).response
            }
        }
    }

    /// The authenticated caller, allowed to read the feed, and the cursor it gives. Clients
    /// are re-read first, so a caller disabled by another process is refused at once.
    private func authorizedCursor(_ request: HTTPRequest) -> Result<(RegisteredClient, Int64), Refusal> {
        do {
            try context.authentication.refreshClients(for: request)
        } catch {
            return .failure(Refusal.storeUnavailable(error, clientId: nil))
        }
        return context.authentication.authenticatedForm(request).flatMap { form in
            guard form.client.canIntrospect else {
                return .failure(Refusal(response: .httpError(.forbidden, "unauthorized_client", "this client may not read the revocation feed"),
                                        reason: "unauthorized_client", description: "no introspect permission", clientId: form.client.id))
            }
            do throws(OAuthError) {
                return .success((form.client, try Self.cursor(in: form.body)))
            } catch {
                return .failure(Refusal(error: error, clientId: form.client.id))
            }
        }
    }

    private static func cursor(in body: FormBody) throws(OAuthError) -> Int64 {
        guard let text = try body.single("cursor") else { return 0 }
        guard let cursor = Int64(text), cursor >= 0 else {
            throw OAuthError(.invalidRequest, "cursor must be the one a previous answer gave")
        }
        return cursor
    }

    static func page(_ entries: [RevocationEntry], after cursor: Int64) -> String {
        let revocations = entries.map { entry in
            JSONText.object([
                "client_id": JSONText.quote(entry.clientId), "jti": entry.jti.map(JSONText.quote),
                "issued_through": entry.issuedThrough.map { "\($0)" }, "exp": "\(entry.expiresAt)",
            ])
        }
        return JSONText.object([
            "revocations": "[" + revocations.joined(separator: ",") + "]",
            "cursor": JSONText.quote("\(entries.last?.seq ?? cursor)"),
            "more": entries.count == RevocationEntry.pageLimit ? "true" : "false",
        ])
    }
}
