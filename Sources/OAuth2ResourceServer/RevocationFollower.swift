import Foundation
import Logging
import OAuth2Core
import OAuth2Transport

/// Follows the authorization server's revocation feed into a `RevocationList`: asks for
/// what is new every `revocationPollInterval`, pages through at once when there is more,
/// and keeps trying (with the same interval) while the server cannot be reached; meanwhile
/// the verifier goes on with the revocations it knows.
struct RevocationFollower: Sendable {
    let configuration: VerifierConfiguration
    let credentials: ClientAuthentication
    let feedURL: @Sendable () async throws -> String
    let list: RevocationList
    let logger: Logger
    let wallClock: @Sendable () -> Int64

    /// Runs until the task is cancelled.
    func run() async {
        var cursor: String?
        var failing = false
        var lastPurge = wallClock()
        while !Task.isCancelled {
            do {
                let page = try await next(after: cursor)
                list.apply(page.revocations, now: wallClock())
                cursor = page.cursor
                if failing { logger.info("revocation feed reachable again") }
                failing = false
                if page.more { continue }
                list.markCaughtUp()
                // Expired entries do no harm meanwhile: the scan of them all runs once a minute.
                if wallClock() - lastPurge >= 60 {
                    lastPurge = wallClock()
                    list.purge(now: lastPurge)
                }
            } catch {
                if !failing { logger.warning("revocation feed unreachable", metadata: ["error": "\(error)"]) }
                failing = true
            }
            try? await Task.sleep(for: configuration.revocationPollInterval)
        }
    }

    private func next(after cursor: String?) async throws -> RevocationFeedPage {
        let url = try await feedURL()
        let response = try await configuration.transport.postForm(url, cursor.map { [("cursor", $0)] } ?? [], as: credentials)
        guard response.status == 200 else { throw TransportError.unexpectedStatus(url: url, status: response.status) }
        return try response.decode(RevocationFeedPage.self, from: url)
    }
}
