/// Whether answering a request may read the store. On a store whose reads wait on the
/// network, the token endpoint first tries to answer on its event loop from what the server
/// holds (the client cache, the key ring): the common case, a known client with its right
/// secret, then never leaves the loop but for its commit. Anything that would read gives
/// way to the blocking pool, where the request starts over.
enum StoreReads: Sendable {
    case allowed
    case cachedOnly

    /// Throws `StoreReadNeeded` unless reading is allowed.
    func requireAllowed() throws(StoreReadNeeded) {
        guard self == .allowed else { throw StoreReadNeeded() }
    }
}

/// An answer from cache alone (`StoreReads.cachedOnly`) would have needed the store. Nothing
/// was counted, logged or recorded for the request yet.
struct StoreReadNeeded: Error {}
