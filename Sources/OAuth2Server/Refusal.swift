import NIOCore
import OAuth2Core

/// A request refused before it could be served: the answer, and what to log about it.
struct Refusal: Error {
    let response: HTTPResponse
    let reason: String
    let description: String
    let clientId: String?
    var delayMilliseconds: Int64 = 0

    init(response: HTTPResponse, reason: String, description: String, clientId: String?, delayMilliseconds: Int64 = 0) {
        self.response = response
        self.reason = reason
        self.description = description
        self.clientId = clientId.map(Self.loggable)
        self.delayMilliseconds = delayMilliseconds
    }

    init(error: OAuthError, clientId: String?, delayMilliseconds: Int64 = 0) {
        self.init(response: .error(error), reason: error.code.rawValue, description: error.description,
                  clientId: clientId, delayMilliseconds: delayMilliseconds)
    }

    /// A client id as logs and events may carry it: a made-up one can be kilobytes long.
    private static func loggable(_ clientId: String) -> String {
        clientId.utf8.count <= 64 ? clientId : String(clientId.prefix(64)) + "…"
    }

    /// Not a refusal: the answer needs the store, which this attempt may not read (see
    /// `StoreReads`). Never answered as such.
    static let storeReadNeeded: Refusal = {
        var refusal = Refusal(response: .httpError(.serviceUnavailable, "temporarily_unavailable", "try again"),
                              reason: "store_read_needed", description: "the answer needs a store read", clientId: nil)
        refusal.needsStoreRead = true
        return refusal
    }()

    /// Whether this is `storeReadNeeded`.
    private(set) var needsStoreRead = false

    static func storeUnavailable(_ error: Error, clientId: String?) -> Refusal {
        Refusal(response: .httpError(.serviceUnavailable, "temporarily_unavailable", "the store is unavailable; try again"),
                reason: "store_unavailable", description: "\(error)", clientId: clientId)
    }
}

extension ServerContext {
    /// Answers a refused request the same way on every endpoint that authenticates a
    /// client: after its delay, logged (with the delay in `latency_ms`), and for the token
    /// endpoint counted and published.
    func answer(_ refusal: Refusal, endpoint: Endpoint, request: HTTPRequest, on loop: EventLoop) -> EventLoopFuture<HTTPResponse> {
        if endpoint == .token {
            metrics.recordDenied(refusal.reason)
            events.publish(.tokenDenied(.init(clientId: refusal.clientId, reason: refusal.reason,
                                              description: refusal.description, address: request.clientAddress.description)))
        }
        let log: @Sendable () -> Void = { [logger] in
            logger.info("\(endpoint.rawValue) denied", metadata: [
                "client_id": .string(refusal.clientId ?? "-"), "outcome": "denied", "reason": .string(refusal.reason),
                "address": .string(request.clientAddress.description), "latency_ms": .string(request.elapsedMilliseconds),
            ])
        }
        guard refusal.delayMilliseconds > 0 else {
            log()
            return loop.makeSucceededFuture(refusal.response)
        }
        return loop.scheduleTask(in: .milliseconds(refusal.delayMilliseconds)) {
            log()
            return refusal.response
        }.futureResult
    }
}
