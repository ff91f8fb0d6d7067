import NIOConcurrencyHelpers
import NIOCore
import OAuth2Core

/// Counts open connections, in all and per address (an IPv6 /64), and turns away those
/// over either limit, so that one client cannot take every connection the server allows.
/// Trusted proxies carry many clients' connections and count only towards the total.
final class ConnectionLimiter: Sendable {
    private struct Counts {
        var total = 0
        var perAddress: [String: Int] = [:]
    }

    private let maxTotal: Int
    private let maxPerAddress: Int
    private let addresses: ClientAddressResolver
    private let counts = NIOLockedValueBox(Counts())

    init(maxTotal: Int, maxPerAddress: Int, addresses: ClientAddressResolver) {
        self.maxTotal = maxTotal
        self.maxPerAddress = maxPerAddress
        self.addresses = addresses
    }

    /// Counts the connection in, unless a limit is reached; counts it out when it closes.
    func admit(_ channel: Channel) -> Bool {
        let peer = channel.remoteAddress?.ipAddress.flatMap { IPAddress($0) } ?? .unspecified
        let key = addresses.isTrusted(peer) ? nil : peer.subscriberPrefix
        let admitted = counts.withLockedValue { counts in
            guard counts.total < maxTotal else { return false }
            if let key {
                guard counts.perAddress[key, default: 0] < maxPerAddress else { return false }
                counts.perAddress[key, default: 0] += 1
            }
            counts.total += 1
            return true
        }
        if admitted {
            channel.closeFuture.whenComplete { [counts] _ in
                counts.withLockedValue { counts in
                    counts.total -= 1
                    guard let key else { return }
                    let remaining = counts.perAddress[key, default: 1] - 1
                    counts.perAddress[key] = remaining > 0 ? remaining : nil
                }
            }
        }
        return admitted
    }
}
