import Dispatch
import Logging
import OAuth2Store

/// Periodic store upkeep off the event loops: retiring keys whose last token has expired
/// leave the JWKS, and revocation feed entries whose tokens have all expired are deleted.
/// (`@unchecked`: a dispatch source is thread-safe, but Dispatch's overlay does not mark
/// it Sendable.)
final class Janitor: @unchecked Sendable {
    private let timer: DispatchSourceTimer

    init(store: any Store, logger: Logger, every interval: DispatchTimeInterval = .seconds(60)) {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "oauth2.janitor"))
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler {
            // Servers sharing a database take turns: one does the round, the others skip it.
            do {
                _ = try store.runAlone("janitor") { Self.round(store, logger) }
            } catch {
                logger.warning("janitor could not take its turn", metadata: ["error": "\(error)"])
            }
        }
        timer.resume()
    }

    func stop() { timer.cancel() }

    private static func round(_ store: any Store, _ logger: Logger) {
        do {
            for kid in try store.retireDrainedKeys() {
                logger.info("signing key retired", metadata: ["kid": "\(kid)"])
            }
        } catch {
            logger.warning("janitor could not retire keys", metadata: ["error": "\(error)"])
        }
        do {
            try store.purgeExpiredRevocations()
        } catch {
            logger.warning("janitor could not purge the revocation feed", metadata: ["error": "\(error)"])
        }
    }
}
