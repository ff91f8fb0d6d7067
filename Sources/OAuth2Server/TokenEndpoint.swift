import NIOCore
import OAuth2Core
import OAuth2Store

/// POST /token: the client-credentials grant (RFC 6749 §4.4, §5).
struct TokenEndpoint: Sendable {
    let context: ServerContext

    /// Clients changing under a request more often than this in a row is a store in
    /// turmoil: the request is asked to retry.
    static let maxAttempts = 3

    func respond(to request: HTTPRequest, on loop: EventLoop) -> EventLoopFuture<HTTPResponse> {
        respondReading(request, on: loop, from: 1)
    }

    /// The answer from what the server holds, reading nothing from the store: nil, with
    /// nothing counted or logged, when it needs a read (a client not cached, a failed
    /// authentication or grant, keys due for their reload). Only the commit waits on the
    /// store, on the token writer's thread.
    func respondFromCache(to request: HTTPRequest, on loop: EventLoop) -> EventLoopFuture<HTTPResponse>? {
        respond(to: request, on: loop, reads: .cachedOnly, from: 1)
    }

    /// Attempts `first` to `maxAttempts`, in one loop: an attempt the clients changed under
    /// is followed by the next, and the last one's answer stands. When the changed clients
    /// refused the grant, the next attempt follows at once; when the commit found them
    /// changed, it follows on the commit's answer, as this loop resumed at the next number
    /// (with reads allowed: it reads the clients again). Nil when `reads` forbade a read the
    /// answer needed.
    private func respond(to request: HTTPRequest, on loop: EventLoop, reads: StoreReads, from first: Int) -> EventLoopFuture<HTTPResponse>? {
        for number in first...Self.maxAttempts {
            let isLast = number == Self.maxAttempts
            let minted: MintedToken
            let form: AuthenticatedForm
            switch attempt(request, isLast: isLast, reads: reads) {
            case let .minted(token, authenticated): (minted, form) = (token, authenticated)
            case let .refused(refusal): return context.answer(refusal, endpoint: .token, request: request, on: loop)
            case .clientsChanged: continue
            case .storeReadNeeded: return nil
            }
            let committed = context.commit(minted.record, clientGeneration: form.clientGeneration, for: request)
            return committed.flatMap { [context] outcome in
                switch outcome {
                case .committed:
                    return loop.makeSucceededFuture(issued(minted, request: request))
                case let .clientsChanged(generation):
                    context.clients.update(to: generation)
                    guard !isLast else {
                        let refusal = Refusal(response: .httpError(.serviceUnavailable, "temporarily_unavailable",
                                                                   "clients are changing too fast; try again"),
                                              reason: "clients_changing", description: "the client generation moved at every attempt",
                                              clientId: form.client.id)
                        return context.answer(refusal, endpoint: .token, request: request, on: loop)
                    }
                    return retry(request, on: loop, from: number + 1)
                }
            }.flatMapErrorThrowing { [context] error in
                context.logger.error("token not recorded", metadata: ["client_id": .string(form.client.id), "error": "\(error)"])
                return .httpError(.serviceUnavailable, "temporarily_unavailable", "the token could not be recorded; try again")
            }
        }
        preconditionFailure("the last attempt answers")
    }

    /// Attempts from `number` on with reads allowed: off the event loop where reads wait.
    private func retry(_ request: HTTPRequest, on loop: EventLoop, from number: Int) -> EventLoopFuture<HTTPResponse> {
        guard context.readsOffLoop else { return respondReading(request, on: loop, from: number) }
        return context.blockingWork.run(on: loop) { [self] in respondReading(request, on: loop, from: number) }.flatMap { $0 }
    }

    /// Attempts from `number` on with reads allowed, which always come to an answer.
    private func respondReading(_ request: HTTPRequest, on loop: EventLoop, from number: Int) -> EventLoopFuture<HTTPResponse> {
        guard let answer = respond(to: request, on: loop, reads: .allowed, from: number) else { preconditionFailure("reads were allowed") }
        return answer
    }

    /// What an attempt came to before its commit.
    private enum Attempt {
        case minted(MintedToken, AuthenticatedForm)
        case refused(Refusal)
        /// The grant was refused for the client's settings while they were changing: the
        /// next attempt reads them again.
        case clientsChanged
        /// See `StoreReads.cachedOnly`.
        case storeReadNeeded
    }

    /// Authenticates the client and mints its token.
    private func attempt(_ request: HTTPRequest, isLast: Bool, reads: StoreReads) -> Attempt {
        let form: AuthenticatedForm
        switch context.authentication.authenticatedForm(request, reads: reads) {
        case let .success(authenticated): form = authenticated
        case let .failure(refusal): return refusal.needsStoreRead ? .storeReadNeeded : .refused(refusal)
        }
        do {
            let grant = try ClientCredentialsGrant.decide(body: form.body, client: form.client,
                                                          defaultAudience: context.defaultAudience)
            let key = try context.keys.current(reads: reads).active
            return .minted(try context.minter.mint(grant, for: form.client.id, key: key, now: context.clock.now()), form)
        } catch let error as OAuthError {
            // Refused for the client's settings (disabled, scopes, audiences): that stands
            // only if they are current.
            if !isLast {
                do {
                    if try context.authentication.refreshClients(for: request, reads: reads) { return .clientsChanged }
                } catch is StoreReadNeeded {
                    return .storeReadNeeded
                } catch {
                    // The store cannot say: the refusal stands as it is.
                }
            }
            return .refused(Refusal(error: error, clientId: form.client.id))
        } catch is StoreReadNeeded {
            return .storeReadNeeded
        } catch {
            return .refused(Refusal.storeUnavailable(error, clientId: form.client.id))
        }
    }

    /// A token recorded: counted, published, logged, answered.
    private func issued(_ minted: MintedToken, request: HTTPRequest) -> HTTPResponse {
        let record = minted.record
        context.metrics.recordIssued(record.format)
        context.events.publish(.tokenIssued(.init(clientId: record.clientId, jti: record.jti, scope: record.scope,
                                                  format: record.format, expiresAt: record.expiresAt)))
        context.logger.info("token issued", metadata: [
            "client_id": .string(record.clientId), "outcome": "issued", "jti": .string(record.jti), "scope": .string(record.scope),
            "latency_ms": .string(request.elapsedMilliseconds),
        ])
        return Self.success(minted)
    }

    /// RFC 6749 §5.1. No refresh token: client credentials has no use for one (§4.4.3).
    static func success(_ minted: MintedToken) -> HTTPResponse {
        let record = minted.record
        return .json(JSONText.object([
            "access_token": JSONText.quote(minted.accessToken), "token_type": "\"Bearer\"",
            "expires_in": "\(record.expiresAt - record.issuedAt)",
            "scope": record.scope.isEmpty ? nil : JSONText.quote(record.scope),
        ]))
    }
}

/// The checks every form-posting endpoint makes on its body (RFC 6749 §3.2, RFC 7662 §2.1,
/// RFC 7009 §2.1).
enum FormRequest {
    static func body(of request: HTTPRequest) throws(OAuthError) -> FormBody {
        guard let contentType = request.contentType, contentType.mediaType == "application/x-www-form-urlencoded" else {
            throw OAuthError(.invalidRequest, "the body must be application/x-www-form-urlencoded")
        }
        if let charset = contentType.parameters["charset"], charset.lowercased() != "utf-8" {
            throw OAuthError(.invalidRequest, "the body must be UTF-8")
        }
        return try FormBody.parse(Array(request.bodyBytes))
    }
}
