/// Where a request comes from. Behind a reverse proxy every connection comes from the
/// proxy, which names the client in `Forwarded` (RFC 7239) or `X-Forwarded-For`; anyone can
/// write those headers, so they are believed only as far as the hops that added them are
/// trusted proxies.
public struct ClientAddressResolver: Sendable {
    public let trustedProxies: [IPAddressRange]

    public init(trustedProxies: [IPAddressRange]) {
        self.trustedProxies = trustedProxies
    }

    /// The client's address: walking from the connection's peer towards the client, the
    /// first hop that is not a trusted proxy. `forwarded` and `forwardedFor` are the values
    /// of every `Forwarded` and `X-Forwarded-For` line, in order; `Forwarded` wins when both
    /// are present. A hop a trusted proxy could not name (`unknown`, an obfuscated name,
    /// garbage) ends the walk at that proxy.
    public func clientAddress(peer: IPAddress, forwarded: [String], forwardedFor: [String]) -> IPAddress {
        guard isTrusted(peer) else { return peer }
        var chain = forwarded.isEmpty ? Self.forwardedForChain(forwardedFor) : Self.forwardedChain(forwarded)
        var current = peer
        while isTrusted(current), let hop = chain.popLast() {
            guard let hop else { return current }
            current = hop
        }
        return current
    }

    public func isTrusted(_ address: IPAddress) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }

    /// `X-Forwarded-For: client, proxy1, proxy2`.
    static func forwardedForChain(_ values: [String]) -> [IPAddress?] {
        values.flatMap { $0.split(separator: ",") }.map { node(String($0)) }
    }

    /// `Forwarded: for=192.0.2.60;proto=http, for="[2001:db8::17]:4711"`: the `for` of each
    /// element (an element without one names no hop we could trust).
    static func forwardedChain(_ values: [String]) -> [IPAddress?] {
        values.flatMap { $0.split(separator: ",") }.map { element in
            let pairs = element.split(separator: ";").map { $0.split(separator: "=", maxSplits: 1) }
            guard let pair = pairs.first(where: { $0.count == 2 && $0[0].trimmed.lowercased() == "for" }) else { return nil }
            return node(String(pair[1]))
        }
    }

    /// One node: an address, optionally quoted, bracketed (IPv6) and with a port.
    static func node(_ text: String) -> IPAddress? {
        var node = text.trimmed
        if node.hasPrefix("\""), node.hasSuffix("\""), node.count >= 2 { node = String(node.dropFirst().dropLast()) }
        if node.hasPrefix("[") {
            guard let close = node.firstIndex(of: "]") else { return nil }
            return IPAddress(node[node.index(after: node.startIndex)..<close])
        }
        if let address = IPAddress(node) { return address }
        // IPv4 with a port; an unbracketed IPv6 address has more than one colon.
        let parts = node.split(separator: ":")
        return parts.count == 2 ? IPAddress(parts[0]) : nil
    }
}

private extension StringProtocol {
    var trimmed: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
